//! One hand-made bad case per check, beside compiled code the verifier accepts.

use super::*;
use crate::bytecode::{ExcEntry, HAVE_ARG};
use crate::{compile, Mode, Options};
use alloc::boxed::Box;
use alloc::string::ToString;

use Opcode::*;

/// Assembles instructions: (opcode, operand) pairs. Every operand is
/// written as two LEB128 bytes (padded below 128, three bytes from 16384),
/// so an instruction with an operand is three bytes and offsets are easy to
/// count by hand; the VM and the verifier read padded operands as any other.
fn asm(ins: &[(Opcode, u16)]) -> Vec<u8> {
    let mut out = Vec::new();
    for &(op, arg) in ins {
        out.push(op as u8);
        if op as u8 >= HAVE_ARG {
            let a = u32::from(arg);
            out.push((a & 0x7f) as u8 | 0x80);
            if a < 0x4000 {
                out.push((a >> 7) as u8);
            } else {
                out.push(((a >> 7) & 0x7f) as u8 | 0x80);
                out.push((a >> 14) as u8);
            }
        }
    }
    out
}

/// A function code object running `ins`, with one const (None), one name,
/// two locals, one cell and a stack of 4.
fn func(ins: &[(Opcode, u16)]) -> CodeObject {
    CodeObject {
        name: "f".into(),
        qualname: "f".into(),
        filename: "t.py".into(),
        firstlineno: 1,
        flags: 0,
        argcount: 1,
        posonlyargcount: 0,
        kwonlyargcount: 0,
        varnames: alloc::vec!["a".into(), "b".into()],
        cellvars: alloc::vec!["a".into()],
        cell2arg: alloc::vec![Some(0)],
        freevars: Vec::new(),
        names: alloc::vec!["x".into()],
        consts: alloc::vec![Const::None],
        stacksize: 4,
        code: asm(ins),
        lines: alloc::vec![(0, 1)],
        exc_table: Vec::new(),
    }
}

const RET_NONE: [(Opcode, u16); 2] = [(LoadConst, 0), (ReturnValue, 0)];

fn refused(c: &CodeObject, needle: &str) {
    match verify(c) {
        Ok(()) => panic!("accepted, expected {needle:?}"),
        Err(e) => {
            let m = e.message();
            assert!(m.contains(needle), "{m:?} does not mention {needle:?}");
        }
    }
}

fn compiled(src: &str) -> CodeObject {
    compile(src, "t.py", Mode::Exec, &Options::default()).expect("compiles")
}

#[test]
fn accepts_compiled_code_and_the_minimal_function() {
    verify(&func(&RET_NONE)).expect("minimal");
    let src = "
import sys
def f(a, /, b=2, *args, c, **kw):
    def g():
        nonlocal a
        a += 1
        return a + b
    try:
        return [i * c for i in range(a) if i]
    except (ValueError, TypeError) as e:
        raise RuntimeError from e
    finally:
        del kw
class C(object):
    z = 1
    def m(self):
        return super().m(1, k=2)
async def h(x):
    async with x as y:
        async for z in y:
            await z
def gen():
    x = yield 1
    yield from range(x)
with open('f') as fh:
    print(f'{fh!r:>10}', *sys.argv, **{})
for i in range(10, 0, -2):
    a, *b, c = i, i, i
";
    verify(&compiled(src)).expect("compiled sample");
}

#[test]
fn unknown_opcode() {
    let mut c = func(&RET_NONE);
    // Byte 0 is no instruction.
    c.code.insert(0, 0);
    refused(&c, "unknown opcode 0");
}

#[test]
fn operand_cut_short() {
    let mut c = func(&RET_NONE);
    c.code.truncate(2);
    refused(&c, "operand cut short");
}

#[test]
fn constant_out_of_range() {
    refused(
        &func(&[(LoadConst, 1), (ReturnValue, 0)]),
        "constant 1 out of range",
    );
}

#[test]
fn name_out_of_range() {
    refused(
        &func(&[(LoadGlobal, 1), (ReturnValue, 0)]),
        "name 1 out of range",
    );
    refused(
        &func(&[(LoadConst, 0), (LoadAttr, 7), (ReturnValue, 0)]),
        "name 7",
    );
}

#[test]
fn local_out_of_range() {
    refused(
        &func(&[(LoadFast, 2), (ReturnValue, 0)]),
        "local variable 2 out of range",
    );
}

#[test]
fn cell_out_of_range() {
    refused(
        &func(&[(LoadDeref, 1), (ReturnValue, 0)]),
        "cell 1 out of range",
    );
    verify(&func(&[(LoadDeref, 0), (ReturnValue, 0)])).expect("cell 0");
}

#[test]
fn jump_into_an_instruction_or_outside() {
    // Offset 1 is inside `LoadConst 0`.
    refused(
        &func(&[(Jump, 1), (LoadConst, 0), (ReturnValue, 0)]),
        "jump target 1",
    );
    refused(
        &func(&[(Jump, 100), (LoadConst, 0), (ReturnValue, 0)]),
        "jump target 100",
    );
    verify(&func(&[(Jump, 3), (LoadConst, 0), (ReturnValue, 0)])).expect("good jump");
}

#[test]
fn unknown_operators_and_operand_forms() {
    let two = |op, arg| func(&[(LoadConst, 0), (LoadConst, 0), (op, arg), (ReturnValue, 0)]);
    refused(&two(BinaryOp, 13), "unknown binary operator 13");
    refused(&two(BinaryOp, 300), "unknown binary operator");
    verify(&two(BinaryOp, 16 + 12)).expect("in-place xor");
    refused(&two(CompareOp, 10), "unknown comparison 10");
    refused(&two(BuildSlice, 1), "slice of 1 items");
    refused(&two(CallFunctionEx, 2), "unknown call flags");
    refused(
        &func(&[(LoadConst, 0), (FormatValue, 8), (ReturnValue, 0)]),
        "format flags",
    );
    refused(
        &func(&[(LoadConst, 0), (MakeFunction, 4), (ReturnValue, 0)]),
        "function flags",
    );
    refused(&func(&[(RaiseVarargs, 3)]), "raise with 3");
    refused(
        &func(&[(LoadConst, 0), (Copy, 0), (ReturnValue, 0)]),
        "stack position 0",
    );
}

#[test]
fn yield_outside_a_generator() {
    let ins = [(LoadConst, 0), (YieldValue, 0), (ReturnValue, 0)];
    refused(&func(&ins), "yield outside");
    let mut g = func(&ins);
    g.flags = flags::GENERATOR;
    verify(&g).expect("generator");
}

#[test]
fn counts_and_parameters() {
    let mut c = func(&RET_NONE);
    c.argcount = 2;
    c.kwonlyargcount = 1;
    refused(&c, "more parameters than local variables");
    let mut c = func(&RET_NONE);
    c.posonlyargcount = 2;
    refused(&c, "positional-only");
    let mut c = func(&RET_NONE);
    c.stacksize = 70_000;
    refused(&c, "stacksize too large");
    let mut c = func(&RET_NONE);
    c.names = alloc::vec![String::from("n"); 70_000];
    refused(&c, "names too large");
}

#[test]
fn cell2arg_must_name_a_parameter() {
    let mut c = func(&RET_NONE);
    c.cell2arg = alloc::vec![Some(1)]; // `b` is a local, not a parameter
    refused(&c, "cell2arg entry 1 is not a parameter");
    let mut c = func(&RET_NONE);
    c.cell2arg.clear();
    refused(&c, "cell2arg and cellvars differ");
}

#[test]
fn flags() {
    let mut c = func(&RET_NONE);
    c.flags = 0x40_0000;
    refused(&c, "unknown flags");
    let mut c = func(&RET_NONE);
    c.flags = flags::GENERATOR | flags::COROUTINE;
    refused(&c, "more than one of generator");
}

#[test]
fn names_must_be_valid() {
    let mut c = func(&RET_NONE);
    c.varnames[1] = String::new();
    refused(&c, "empty variable name");
    let mut c = func(&RET_NONE);
    c.varnames[0] = "a\nb".into();
    refused(&c, "control character");
    // A name may be any short text: `LoadStr` loads string constants from there.
    let mut c = func(&RET_NONE);
    c.names[0] = "a\nb".into();
    verify(&c).expect("a string constant among the names");
    let mut c = func(&RET_NONE);
    c.names[0] = "x".repeat(300);
    refused(&c, "longer than 255");
    let mut c = func(&RET_NONE);
    c.name = String::new();
    refused(&c, "empty code name");
    let mut c = func(&RET_NONE);
    c.names[0] = String::new(); // `from . import x`
    verify(&c).expect("empty import name");
}

#[test]
fn constants_are_checked_recursively() {
    let mut c = func(&RET_NONE);
    c.consts.push(Const::BigInt("12a".into()));
    refused(&c, "malformed integer constant");
    // A bad nested code object is found, and named.
    let mut inner = func(&[(LoadConst, 5), (ReturnValue, 0)]);
    inner.qualname = "f.<locals>.g".into();
    let mut c = func(&RET_NONE);
    c.consts
        .push(Const::Tuple(alloc::vec![Const::Code(Box::new(inner))]));
    refused(&c, "'f.<locals>.g' at offset 0: constant 5");
    // Tuples nested past the bound.
    let mut k = Const::None;
    for _ in 0..100 {
        k = Const::Tuple(alloc::vec![k]);
    }
    let mut c = func(&RET_NONE);
    c.consts.push(k);
    refused(&c, "nested too deeply");
    // Tuples and code objects count together: code in tuples in code...
    let mut c = func(&RET_NONE);
    for _ in 0..40 {
        let mut outer = func(&RET_NONE);
        outer
            .consts
            .push(Const::Tuple(alloc::vec![Const::Code(Box::new(c))]));
        c = outer;
    }
    refused(&c, "nested too deeply");
    // Code objects nested past the bound.
    let mut c = func(&RET_NONE);
    for _ in 0..100 {
        let mut outer = func(&RET_NONE);
        outer.consts.push(Const::Code(Box::new(c)));
        c = outer;
    }
    refused(&c, "nested too deeply");
}

#[test]
fn exception_table_ranges() {
    // try: LoadGlobal x; PopTop  except -> handler at 7: PopTop; return None
    let ins = [
        (LoadGlobal, 0),  // 0
        (PopTop, 0),      // 3
        (Jump, 8),        // 4
        (PopTop, 0),      // 7
        (LoadConst, 0),   // 8
        (ReturnValue, 0), // 11
    ];
    let entry = |start, end, target, depth| ExcEntry {
        start,
        end,
        target,
        depth,
    };
    let with = |e: ExcEntry| {
        let mut c = func(&ins);
        c.exc_table.push(e);
        c
    };
    verify(&with(entry(0, 4, 7, 0))).expect("good table");
    refused(&with(entry(4, 4, 7, 0)), "bad range 4..4");
    refused(&with(entry(0, 13, 7, 0)), "bad range 0..13");
    refused(&with(entry(1, 4, 7, 0)), "splits an instruction");
    refused(&with(entry(0, 2, 7, 0)), "splits an instruction");
    refused(&with(entry(0, 4, 9, 0)), "target 9 is not an instruction");
    refused(&with(entry(0, 4, 7, 4)), "leaves no room for the exception");
    let mut c = with(entry(0, 4, 7, 0));
    c.exc_table.push(entry(3, 7, 7, 0));
    refused(&c, "exception entries 0 and 1 overlap");
    // Out of order is fine as long as they do not overlap; more entries
    // than code bytes cannot all be disjoint.
    let mut c = with(entry(3, 4, 7, 0));
    c.exc_table.push(entry(0, 3, 7, 0));
    verify(&c).expect("disjoint, out of order");
    let mut c = func(&ins);
    c.exc_table = alloc::vec![entry(0, 3, 7, 0); 20];
    refused(&c, "more exception entries than code bytes");
    // Depth 1 at offset 0, where the stack is empty.
    refused(
        &with(entry(0, 4, 7, 1)),
        "keeps 1 stack items, only 0 remain",
    );
    // The handler enters with one item more than its depth: its PopTop
    // balances; with depth 0 and handler code expecting two items it fails.
    let mut c = func(&[
        (LoadGlobal, 0),  // 0
        (PopTop, 0),      // 3
        (Jump, 9),        // 4
        (PopTop, 0),      // 7
        (PopTop, 0),      // 8
        (LoadConst, 0),   // 9
        (ReturnValue, 0), // 12
    ]);
    c.exc_table.push(entry(0, 4, 7, 0));
    refused(&c, "needs 1 stack items, has 0");
}

#[test]
fn handler_depth_counts_what_the_instruction_took() {
    // [None, None] BinaryOp -> [r]: a handler of depth 2 over the BinaryOp
    // would find its operands gone.
    let mut c = func(&[
        (LoadConst, 0),   // 0
        (LoadConst, 0),   // 3
        (BinaryOp, 0),    // 6
        (ReturnValue, 0), // 9
        (ReturnValue, 0), // 10: handler
    ]);
    c.exc_table.push(ExcEntry {
        start: 6,
        end: 9,
        target: 10,
        depth: 2,
    });
    refused(&c, "keeps 2 stack items, only 0 remain");
    c.exc_table[0].depth = 0;
    verify(&c).expect("depth 0");
}

#[test]
fn line_table() {
    let mut c = func(&RET_NONE);
    c.lines = alloc::vec![(3, 2), (0, 1)];
    refused(&c, "line table out of order");
    let mut c = func(&RET_NONE);
    c.lines = alloc::vec![(0, 1), (50, 2)];
    refused(&c, "line table offset 50 past the code");
}

#[test]
fn stack_underflow() {
    refused(
        &func(&[(PopTop, 0), (LoadConst, 0), (ReturnValue, 0)]),
        "PopTop needs 1",
    );
    refused(
        &func(&[(LoadConst, 0), (CallFunction, 1), (ReturnValue, 0)]),
        "needs 2",
    );
    refused(
        &func(&[(LoadConst, 0), (BuildMap, 1), (ReturnValue, 0)]),
        "needs 2",
    );
    refused(
        &func(&[(LoadConst, 0), (Copy, 2), (ReturnValue, 0)]),
        "Copy needs 2",
    );
    refused(
        &func(&[(LoadConst, 0), (ListAppend, 1), (ReturnValue, 0)]),
        "needs 2",
    );
}

#[test]
fn stack_overflow() {
    let mut ins = alloc::vec![(LoadConst, 0); 5];
    ins.push((BuildTuple, 5));
    ins.push((ReturnValue, 0));
    refused(&func(&ins), "stack depth 5 above stacksize 4");
    let mut c = func(&ins);
    c.stacksize = 5;
    verify(&c).expect("fits");
    // Variable effects: UnpackSequence pushes its operand's count.
    refused(
        &func(&[(LoadConst, 0), (UnpackSequence, 9), (ReturnValue, 0)]),
        "stack depth 9 above stacksize 4",
    );
    refused(
        &func(&[(LoadConst, 0), (UnpackEx, 0x0202), (ReturnValue, 0)]),
        "stack depth 5 above stacksize 4",
    );
}

#[test]
fn depth_must_agree_across_paths() {
    // A loop that pushes one more item each time round.
    refused(
        &func(&[(LoadConst, 0), (Jump, 0)]),
        "stack depth 0 here on one path, 1 on another",
    );
    // Both sides of a branch must meet at the same depth.
    refused(
        &func(&[
            (LoadConst, 0),       // 0
            (PopJumpIfFalse, 10), // 3
            (LoadConst, 0),       // 6
            (Nop, 0),             // 9
            (LoadConst, 0),       // 10
            (ReturnValue, 0),     // 13
        ]),
        "here on one path",
    );
}

#[test]
fn running_off_the_end() {
    refused(&func(&[(LoadConst, 0), (PopTop, 0)]), "runs off the end");
    let mut c = func(&RET_NONE);
    c.code.clear();
    refused(&c, "empty code");
}

#[test]
fn unreachable_code_must_still_decode_but_not_balance() {
    // A PopTop nothing reaches is fine; an undecodable byte is not.
    verify(&func(&[(LoadConst, 0), (ReturnValue, 0), (PopTop, 0)])).expect("dead code");
    let mut c = func(&RET_NONE);
    c.code.push(0);
    refused(&c, "unknown opcode 0");
}

#[test]
fn method_null_marker() {
    // The proper pattern: LoadMethod then CallMethod.
    let ok = [
        (LoadConst, 0),
        (LoadMethod, 0),
        (LoadConst, 0),
        (CallMethod, 1),
        (ReturnValue, 0),
    ];
    verify(&func(&ok)).expect("method call");
    // Returning the marker.
    refused(
        &func(&[(LoadConst, 0), (LoadMethod, 0), (ReturnValue, 0)]),
        "ReturnValue reads a method call's NULL marker",
    );
    // Storing it.
    refused(
        &func(&[
            (LoadConst, 0),
            (LoadMethod, 0),
            (StoreFast, 1),
            (ReturnValue, 0),
        ]),
        "StoreFast reads",
    );
    // A CallMethod whose self slot is not where the marker is: the marker is
    // among the arguments.
    refused(
        &func(&[
            (LoadConst, 0),
            (LoadMethod, 0),
            (CallMethod, 0),
            (LoadConst, 0),
            (LoadMethod, 0),
            (CallFunction, 1),
            (ReturnValue, 0),
        ]),
        "CallFunction reads",
    );
    // Copying it.
    refused(
        &func(&[(LoadConst, 0), (LoadMethod, 0), (Copy, 1), (ReturnValue, 0)]),
        "Copy reads",
    );
}

#[test]
fn generator_throw_points() {
    // A generator whose offset 0 is covered by a handler of depth 1: a
    // throw() before it starts would find an empty stack.
    let mut g = func(&[
        (LoadConst, 0),   // 0
        (YieldValue, 0),  // 3
        (ReturnValue, 0), // 4
        (ReturnValue, 0), // 5: handler
    ]);
    g.flags = flags::GENERATOR;
    g.exc_table.push(ExcEntry {
        start: 0,
        end: 3,
        target: 5,
        depth: 1,
    });
    refused(&g, "keeps 1 stack items, only 0 remain");
    // After a YieldValue, the frame is suspended without the yielded value.
    g.exc_table[0] = ExcEntry {
        start: 4,
        end: 5,
        target: 5,
        depth: 1,
    };
    refused(
        &g,
        "at offset 4: exception handler keeps 1 stack items, only 0 remain",
    );
}

#[test]
fn error_message_format() {
    let e = verify(&func(&[(LoadConst, 9), (ReturnValue, 0)])).unwrap_err();
    assert_eq!(e.offset, Some(0));
    assert_eq!(
        e.to_string(),
        "invalid bytecode in 'f' at offset 0: constant 9 out of range"
    );
}

#[test]
fn large_tables_stay_linear() {
    // 40,000 one-byte exception ranges over 40,000 instructions: the overlap
    // check sorts, the handler lookup is a table, so this takes milliseconds
    // (a pairwise check would take seconds).
    let n = 40_000u32;
    let mut ins = alloc::vec![(Nop, 0); n as usize];
    ins.push((LoadConst, 0));
    ins.push((ReturnValue, 0));
    let mut c = func(&ins);
    c.stacksize = 2;
    c.exc_table = (0..n)
        .map(|i| ExcEntry {
            start: i,
            end: i + 1,
            target: n + 3, // the ReturnValue: [exc] -> returned
            depth: 0,
        })
        .rev()
        .collect();
    verify(&c).expect("large");
}

#[test]
fn heap_sort_orders_by_key() {
    let keys = [5u32, 1, 4, 1, 9, 2, 6, 5, 3, 5, 0];
    for n in 0..=keys.len() {
        let mut v: Vec<usize> = (0..n).collect();
        super::heap_sort_by_key(&mut v, |i| keys[i]);
        let got: Vec<u32> = v.iter().map(|&i| keys[i]).collect();
        let mut want = keys[..n].to_vec();
        want.sort();
        assert_eq!(got, want);
    }
}

#[test]
fn except_star_opcodes() {
    // CheckEgMatch reads two items and leaves three.
    refused(
        &func(&[(LoadConst, 0), (CheckEgMatch, 0), (ReturnValue, 0)]),
        "CheckEgMatch needs 2",
    );
    let mut c = func(&[
        (LoadConst, 0),
        (LoadConst, 0),
        (CheckEgMatch, 0),
        (PopTop, 0),
        (PopTop, 0),
        (ReturnValue, 0),
    ]);
    verify(&c).expect("[exc, type] -> [rest, match, matched]");
    c.stacksize = 2;
    refused(&c, "stack depth 3 above stacksize 2");
    // ReraiseStar takes [orig, raised] and falls through with neither.
    refused(
        &func(&[(LoadConst, 0), (ReraiseStar, 0), (ReturnValue, 0)]),
        "ReraiseStar needs 2",
    );
    refused(
        &func(&[
            (LoadConst, 0),
            (LoadConst, 0),
            (ReraiseStar, 0),
            (ReturnValue, 0),
        ]),
        "needs 1",
    );
    verify(&func(&[
        (LoadConst, 0),
        (LoadConst, 0),
        (ReraiseStar, 0),
        (LoadConst, 0),
        (ReturnValue, 0),
    ]))
    .expect("falls through at the depth before");
    // Both may raise: a handler may keep only what is left below them.
    let mut c = func(&[
        (LoadConst, 0),   // 0
        (LoadConst, 0),   // 3
        (ReraiseStar, 0), // 6
        (LoadConst, 0),   // 7
        (ReturnValue, 0), // 10
        (ReturnValue, 0), // 11: handler
    ]);
    c.exc_table.push(ExcEntry {
        start: 6,
        end: 7,
        target: 11,
        depth: 1,
    });
    refused(
        &c,
        "at offset 6: exception handler keeps 1 stack items, only 0 remain",
    );
    c.exc_table[0].depth = 0;
    verify(&c).expect("a handler keeping nothing");
    verify(&compiled(
        "try:\n  f()\nexcept* ValueError as e:\n  g(e)\nexcept* (KeyError, OSError):\n  raise\nelse:\n  h()\nfinally:\n  i()\n",
    ))
    .expect("compiled except*");
}

#[test]
fn match_opcodes() {
    // MatchClass takes [subject, cls, names] and leaves [attrs, ok].
    refused(
        &func(&[
            (LoadConst, 0),
            (LoadConst, 0),
            (MatchClass, 0),
            (ReturnValue, 0),
        ]),
        "MatchClass needs 3",
    );
    verify(&func(&[
        (LoadConst, 0),
        (LoadConst, 0),
        (LoadConst, 0),
        (MatchClass, 1),
        (PopTop, 0),
        (ReturnValue, 0),
    ]))
    .expect("[s, cls, names] -> [attrs, ok]");
    // MatchKeys keeps [subject, keys] and pushes two.
    refused(
        &func(&[(LoadConst, 0), (MatchKeys, 0), (ReturnValue, 0)]),
        "MatchKeys needs 2",
    );
    let mut c = func(&[
        (LoadConst, 0),
        (LoadConst, 0),
        (MatchKeys, 0),
        (PopTop, 0),
        (PopTop, 0),
        (PopTop, 0),
        (ReturnValue, 0),
    ]);
    verify(&c).expect("[s, keys] -> [s, keys, values, ok]");
    c.stacksize = 3;
    refused(&c, "stack depth 4 above stacksize 3");
    for op in [MatchMapping, MatchSequence, GetLen] {
        refused(&func(&[(op, 0), (ReturnValue, 0)]), "needs 1");
        verify(&func(&[
            (LoadConst, 0),
            (op, 0),
            (PopTop, 0),
            (ReturnValue, 0),
        ]))
        .expect("[s] -> [s, x]");
    }
    refused(
        &func(&[(LoadConst, 0), (CopyDictWithoutKeys, 0), (ReturnValue, 0)]),
        "CopyDictWithoutKeys needs 2",
    );
    verify(&compiled(
        "match x:\n case [1, *r] | (2, r): pass\n case {'k': v, **kw} if v: pass\n case C(a, b=[c]) as d: pass\n case _: pass\n",
    ))
    .expect("compiled match");
}
