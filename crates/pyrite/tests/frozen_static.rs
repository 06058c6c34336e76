//! The frozen modules' static code objects (written by build.rs into flash)
//! must be exactly what the compiler makes of the same sources: every count,
//! byte, name and constant, nested code included.

use pyrite::frozen::{FrozenCode, MODULES};
use pyrite::obj::Gc;
use pyrite::objects::code::CodeObj;
use pyrite::objects::float::FloatObj;
use pyrite::objects::tuple::TupleObj;
use pyrite::qstr::Qstr;
use pyrite::Value;
use pyrite_compiler::bytecode::{CodeObject, Const};

fn text(v: Value) -> String {
    Qstr::from_value(v)
        .map(|q| q.as_str().to_string())
        .unwrap_or_else(|| panic!("not a qstr: {:#x}", v.word()))
}

fn same_const(v: Value, k: &Const, at: &str) {
    match k {
        Const::None => assert!(v == Value::NONE, "{at}"),
        Const::True => assert!(v == Value::TRUE, "{at}"),
        Const::False => assert!(v == Value::FALSE, "{at}"),
        Const::Ellipsis => assert!(v == Value::ELLIPSIS, "{at}"),
        Const::Int(i) => assert!(v.is_small() && v.as_small() as i64 == *i, "{at}"),
        Const::Str(s) => assert_eq!(&text(v), s, "{at}"),
        Const::Float(f) => {
            let got = Gc::<FloatObj>::from_value(v).expect("a float").value;
            assert_eq!(got.to_bits(), f.to_bits(), "{at}");
        }
        Const::Tuple(items) => {
            let t = Gc::<TupleObj>::from_value(v).expect("a tuple");
            assert_eq!(t.len(), items.len(), "{at}");
            for (x, k) in t.items().iter().zip(items) {
                same_const(*x, k, at);
            }
        }
        Const::Bytes(b) => {
            let got = pyrite::objects::bytes::bytes_data(&v).expect("bytes");
            assert_eq!(got, &b[..], "{at}");
        }
        Const::Code(c) => same_code(Gc::<CodeObj>::from_value(v).expect("code"), c, false),
        other => panic!("{at}: a constant with no static form: {other:?}"),
    }
}

/// `top`: the module body, the one code object that keeps its file name
/// (the others take it from the module's globals).
fn same_code(got: Gc<CodeObj>, want: &CodeObject, top: bool) {
    let at = format!("{} in {}", want.name, want.filename);
    let qstr = |id: u32| Qstr::from_static_index(id as usize).as_str();
    assert_eq!(qstr(got.name_qid()), want.name, "{at}");
    let file = got.filename_qid().map(qstr);
    assert_eq!(file, top.then_some(want.filename.as_str()), "{at}");
    assert_eq!(
        got.flags() & !pyrite::objects::code::RUNTIME_FLAGS,
        want.flags,
        "{at}"
    );
    assert_eq!(got.base_line(), want.line_base().0, "{at}");
    assert_eq!(got.argcount() as u32, want.argcount, "{at}");
    assert_eq!(got.posonlyargcount() as u32, want.posonlyargcount, "{at}");
    assert_eq!(got.kwonlyargcount() as u32, want.kwonlyargcount, "{at}");
    assert_eq!(got.stacksize() as u32, want.stacksize, "{at}");
    assert_eq!(got.bytecode(), &want.code[..], "{at}");
    // Frozen code names only build-time qstrs: their ids are table indices.
    let names = |n: usize, id: &dyn Fn(usize) -> u32| -> Vec<String> {
        (0..n)
            .map(|i| Qstr::from_static_index(id(i) as usize).as_str().to_string())
            .collect()
    };
    assert_eq!(names(got.nnames(), &|i| got.name_id(i)), want.names, "{at}");
    let nlocals = got.nlocals();
    assert_eq!(
        names(nlocals, &|i| got.varname_id(i)),
        want.varnames,
        "{at}"
    );
    let cellfree: Vec<String> = want
        .cellvars
        .iter()
        .chain(&want.freevars)
        .cloned()
        .collect();
    assert_eq!(
        names(got.ncellfree(), &|i| got.cellfree_id(i)),
        cellfree,
        "{at}"
    );
    for (i, a) in want.cell2arg.iter().enumerate() {
        assert_eq!(got.cell2arg(i), a.map(|x| x as usize), "{at}");
    }
    assert_eq!(got.consts().len(), want.consts.len(), "{at}");
    for (v, k) in got.consts().iter().zip(&want.consts) {
        same_const(*v, k, &at);
    }
    // Lines and handlers read back as the compiler's tables say.
    for off in 0..want.code.len() as u32 {
        assert_eq!(
            got.line_for(off as usize),
            want.line_for_offset(off),
            "{at} @{off}"
        );
    }
    for e in &want.exc_table {
        let h = got.handler_for(e.start as usize);
        assert!(h.is_some(), "{at}: no handler at {}", e.start);
    }
}

#[test]
fn frozen_modules_are_static_and_match_their_source() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../frozen");
    let mut seen = 0;
    for m in MODULES {
        let file = dir.join(format!("{}.py", m.name));
        let src = std::fs::read_to_string(&file).expect("the frozen source");
        let shown = format!(".frozen/{}.py", m.name);
        let want = pyrite_compiler::compile(
            &src,
            &shown,
            pyrite_compiler::Mode::Exec,
            &pyrite_compiler::Options::default(),
        )
        .expect("compiles");
        match &m.code {
            FrozenCode::Static(code) => same_code(code.code(), &want, true),
            FrozenCode::Serial(_) => panic!("{}: frozen as serialized code, not static", m.name),
        }
        seen += 1;
    }
    assert!(seen >= 2, "the repository freezes neopixel and unittest");
}
