//! `collections`: `deque`, `namedtuple`, `OrderedDict` and `defaultdict` (the types live in objects/).

use crate::obj::{Member, NativeFn};
use crate::objects::{defaultdict, deque, namedtuple, ordereddict};
use crate::qstr::q;

static NAMEDTUPLE: NativeFn = NativeFn::kw(q::namedtuple, namedtuple::namedtuple);

pub static COLLECTIONS: crate::objects::module::ModuleDef = crate::objects::module::ModuleDef {
    obj: crate::objects::module::ModuleDef::object(q::collections, &COLLECTIONS),
    members: &[
        (q::deque, Member::Obj(&deque::DEQUE_TYPE.base)),
        (q::namedtuple, Member::Fn(&NAMEDTUPLE)),
        (
            q::OrderedDict,
            Member::Obj(&ordereddict::ORDEREDDICT_TYPE.base),
        ),
        (
            q::defaultdict,
            Member::Obj(&defaultdict::DEFAULTDICT_TYPE.base),
        ),
    ],
};
