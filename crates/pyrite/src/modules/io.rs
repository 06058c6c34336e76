//! `open()` and file objects (host files come with the port's filesystem).

use crate::objects::exception as exc;
use crate::value::Value;
use crate::vm::{Kw, PyResult, Vm};

/// `open(path, mode)`: not available until the port provides files.
pub fn open(vm: &mut Vm, _a: &[Value], _kw: Option<Kw>) -> PyResult {
    Err(vm.new_error(&exc::OS_ERROR, "open() is not supported by this port yet"))
}
