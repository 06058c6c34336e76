//! `string`, holding only `string.templatelib` (PEP 750 template strings:
//! `Template`, `Interpolation`, `convert`), as MicroPython's t-string build
//! has it.

use crate::obj::Member;
use crate::objects::module::ModuleDef;
use crate::objects::template;
use crate::qstr::q;

pub static STRING: ModuleDef = ModuleDef {
    obj: ModuleDef::object(q::string, &STRING),
    members: &[(q::templatelib, Member::Obj(&TEMPLATELIB.obj.base))],
};

pub static TEMPLATELIB: ModuleDef = ModuleDef {
    obj: ModuleDef::object(q::STRING_TEMPLATELIB, &TEMPLATELIB),
    members: &[
        (q::Template, Member::Obj(&template::TEMPLATE_TYPE.base)),
        (
            q::Interpolation,
            Member::Obj(&template::INTERPOLATION_TYPE.base),
        ),
        (q::convert, Member::Fn(&template::CONVERT)),
    ],
};
