//! Unit tests of the code generator: opcode sequences, tables, flags, errors.

use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;

use crate::bytecode::{decode, flags, CodeObject, Const, Opcode};
use crate::{compile, dis::disassemble, Mode, Options};

fn code(src: &str) -> CodeObject {
    compile(src, "t.py", Mode::Exec, &Options::default()).expect("compile")
}

fn err(src: &str) -> String {
    match compile(src, "t.py", Mode::Exec, &Options::default()) {
        Ok(c) => panic!("compiled: {}", disassemble(&c)),
        Err(e) => e.msg.into_owned(),
    }
}

fn ops(c: &CodeObject) -> Vec<Opcode> {
    let mut v = Vec::new();
    let mut pc = 0;
    while let Some((op, _, next)) = decode(&c.code, pc) {
        v.push(op);
        pc = next;
    }
    v
}

/// Every constant the code pushes: from `consts` and from the opcodes that
/// carry their constant (None, True, False, small ints).
fn pushed(c: &CodeObject) -> Vec<Const> {
    let mut v = Vec::new();
    let mut pc = 0;
    while let Some((op, arg, next)) = decode(&c.code, pc) {
        match op {
            Opcode::LoadConst => v.extend(c.consts.get(arg as usize).cloned()),
            Opcode::LoadSmallInt => v.push(Const::Int(crate::bytecode::small_int_of_operand(arg))),
            Opcode::LoadNone => v.push(Const::None),
            Opcode::LoadTrue => v.push(Const::True),
            Opcode::LoadFalse => v.push(Const::False),
            _ => {}
        }
        pc = next;
    }
    v
}

fn nested<'c>(c: &'c CodeObject, name: &str) -> &'c CodeObject {
    fn find<'c>(c: &'c CodeObject, name: &str) -> Option<&'c CodeObject> {
        for k in &c.consts {
            if let Const::Code(b) = k {
                if b.name == name {
                    return Some(b);
                }
                if let Some(x) = find(b, name) {
                    return Some(x);
                }
            }
        }
        None
    }
    find(c, name).expect("nested code")
}

use Opcode::*;

#[test]
fn module_assignment() {
    let c = code("x = 1\n");
    assert_eq!(ops(&c), [LoadSmallInt, StoreName, LoadNone, ReturnValue]);
    // Neither needs a slot in the constant table.
    assert!(c.consts.is_empty());
    assert_eq!(c.flags, flags::MODULE);
    assert_eq!(c.stacksize, 1);
    assert_eq!(c.lines, [(0, 1)]);
}

#[test]
fn eval_and_single_modes() {
    let c = compile("1 + x", "t", Mode::Eval, &Options::default()).unwrap();
    assert_eq!(ops(&c), [LoadSmallInt, LoadName, BinaryOp, ReturnValue]);
    let c = compile("for i in y: i\n", "t", Mode::Single, &Options::default()).unwrap();
    assert_eq!(ops(&c).iter().filter(|&&o| o == PrintExpr).count(), 1);
    let c = compile("def f():\n    x\n", "t", Mode::Single, &Options::default()).unwrap();
    assert!(!ops(nested(&c, "f")).contains(&PrintExpr));
}

#[test]
fn calls() {
    let c = code("f(a, k=1)\n");
    assert_eq!(
        ops(&c)[..5],
        [LoadName, LoadName, LoadSmallInt, LoadStr, CallFunctionKw]
    );
    // A short string constant is loaded from the names (`LoadStr`).
    assert!(c.names.iter().any(|n| n == "k"));
    assert!(!pushed(&c).contains(&Const::Str("k".into())));
    let c = code("x = 'a long text, not interned'\n");
    assert!(pushed(&c).contains(&Const::Str("a long text, not interned".into())));
    let c = code("f(a, k=1, j=2)\n");
    assert!(pushed(&c).contains(&Const::Tuple(alloc::vec![
        Const::Str("k".into()),
        Const::Str("j".into())
    ])));
    assert!(ops(&code("o.m(a)\n")).contains(&CallMethod));
    assert!(ops(&code("o.m(a, k=2)\n")).contains(&CallMethodKw));
    let c = code("o.m(*a)\n");
    assert!(ops(&c).contains(&LoadAttr) && ops(&c).contains(&CallFunctionEx));
}

#[test]
fn function_flags_and_counts() {
    let c = code("def f(a, /, b, *c, d, **e):\n    pass\n");
    let f = nested(&c, "f");
    assert_eq!((f.argcount, f.posonlyargcount, f.kwonlyargcount), (2, 1, 1));
    assert_eq!(f.flags, flags::VARARGS | flags::VARKEYWORDS);
    assert_eq!(f.varnames, ["a", "b", "d", "c", "e"]);
    let c = code("def g():\n    yield\nasync def h():\n    pass\nasync def i():\n    yield\n");
    assert_eq!(nested(&c, "g").flags, flags::GENERATOR);
    assert_eq!(nested(&c, "h").flags, flags::COROUTINE);
    assert_eq!(nested(&c, "i").flags, flags::ASYNC_GENERATOR);
    let c = code("x = (y for y in z)\n");
    assert_eq!(nested(&c, "<genexpr>").flags, flags::GENERATOR);
}

#[test]
fn qualnames_and_cell2arg() {
    let c = code(
        "class C:\n    def m(self):\n        def g():\n            return self\n        return g\n",
    );
    assert_eq!(nested(&c, "m").qualname, "C.m");
    assert_eq!(nested(&c, "g").qualname, "C.m.<locals>.g");
    let m = nested(&c, "m");
    assert_eq!(m.cellvars, ["self"]);
    assert_eq!(m.cell2arg, [Some(0)]);
    assert_eq!(nested(&c, "g").freevars, ["self"]);
}

#[test]
fn class_body_protocol() {
    let c = code("class C(B):\n    def m(self):\n        super().m()\n");
    let body = nested(&c, "C");
    assert_eq!(body.flags, flags::CLASS_BODY);
    // The qualified name, a short string, is loaded from the names.
    assert_eq!(
        body.names[..4],
        ["__name__", "__module__", "C", "__qualname__"]
    );
    let o = ops(body);
    assert_eq!(o[o.len() - 2..], [LoadClosure, ReturnValue]);
    assert_eq!(o[4..7], [LoadClosure, BuildTuple, LoadConst]);
    assert_eq!(ops(&c)[..3], [LoadBuildClass, LoadConst, MakeFunction]);
    let c = code("class D:\n    pass\n");
    let o = ops(nested(&c, "D"));
    assert_eq!(o[o.len() - 2..], [LoadNone, ReturnValue]);
}

#[test]
fn exception_tables() {
    let c = code("try:\n    a()\nexcept E as e:\n    b()\n");
    // body, clause matching under the cleanup handler, the named body, cleanups.
    assert!(c.exc_table.len() >= 3);
    assert_eq!(c.exc_table[0].depth, 0);
    assert!(c.exc_table.iter().any(|e| e.depth == 1));
    for w in c.exc_table.windows(2) {
        assert!(w[0].end <= w[1].start, "entries overlap");
    }
    assert_eq!(c.stacksize, 3);
}

#[test]
fn return_in_finally_evaluates_value_first() {
    let c = code("def f():\n    try:\n        return g()\n    finally:\n        h()\n");
    let o = ops(nested(&c, "f"));
    let call_g = o.iter().position(|&x| x == CallFunction).unwrap();
    let ret = o.iter().position(|&x| x == ReturnValue).unwrap();
    let second_call = o[call_g + 1..]
        .iter()
        .position(|&x| x == CallFunction)
        .unwrap();
    assert!(call_g + 1 + second_call < ret);
}

#[test]
fn folding() {
    let c = code("x = -(2 ** 3) + 1.5\n");
    assert!(pushed(&c).contains(&Const::Float(-6.5)));
    let c = code("x = 1 / 0\ny = 2 ** 100\nz = 10 ** 18 * 100\n");
    assert_eq!(ops(&c).iter().filter(|&&o| o == BinaryOp).count(), 3);
    let c = code("x = -9223372036854775808\ny = 99999999999999999999\n");
    assert!(pushed(&c).contains(&Const::Int(i64::MIN)));
    assert!(pushed(&c).contains(&Const::BigInt("99999999999999999999".into())));
    let c = code("x = -99999999999999999999\n");
    assert!(pushed(&c).contains(&Const::BigInt("-99999999999999999999".into())));
    let c = code("x = 0.0, -0.0\n");
    assert_eq!(c.consts.len(), 1); // the tuple (None has an opcode)
}

#[test]
fn assert_and_debug() {
    let o1 = Options {
        optimize: 1,
        ..Options::default()
    };
    let c = compile("assert x\ny = __debug__\n", "t", Mode::Exec, &o1).unwrap();
    assert!(!ops(&c).contains(&LoadAssertionError));
    assert!(pushed(&c).contains(&Const::False));
    let c = code("assert x, 'm'\n");
    assert!(ops(&c).contains(&LoadAssertionError));
}

#[test]
fn imports() {
    let c = code("import a.b.c as d\n");
    assert_eq!(
        ops(&c)[..12],
        [
            LoadSmallInt,
            LoadNone,
            ImportName,
            ImportFrom,
            RotTwo,
            PopTop,
            ImportFrom,
            RotTwo,
            PopTop,
            StoreName,
            LoadNone,
            ReturnValue
        ][..12]
    );
    let c = code("from .. import x\n");
    assert!(pushed(&c).contains(&Const::Int(2)));
    assert!(ops(&code("from m import *\n")).contains(&ImportStar));
}

#[test]
fn line_table_follows_statements() {
    let c = code("a = 1\n\nb = 2\nc = (\n  3)\n");
    let lines: Vec<u32> = c.lines.iter().map(|&(_, l)| l).collect();
    // The constant is on line 5, the store on line 4.
    assert_eq!(lines, [1, 3, 5, 4]);
}

#[test]
fn big_displays_do_not_overflow_operands() {
    let mut src = String::from("x = [");
    for i in 0..10000 {
        src.push_str("a,");
        let _ = i;
    }
    src.push_str("]\n");
    let c = code(&src);
    assert!(c.stacksize <= 17);
    // Code past 64 KB: operands are variable-length, so offsets have no 16-bit cap.
    let huge = "if x:\n    x = [".to_string() + &"a,".repeat(70000) + "]\ny = 1\n";
    let c = code(&huge);
    assert!(c.code.len() > 0x10000);
    let mut pc = 0;
    let mut jump = None;
    while let Some((op, arg, next)) = decode(&c.code, pc) {
        if op == Opcode::PopJumpIfFalse {
            jump = Some(arg as usize);
        }
        pc = next;
    }
    assert_eq!(pc, c.code.len());
    // The jump over the display lands on an instruction past 64 KB.
    let target = jump.expect("a conditional jump");
    assert!(target > 0x10000);
    assert!(decode(&c.code, target).is_some());
}

#[test]
fn operands_round_trip() {
    use crate::bytecode::{operand_len, write_operand};
    for arg in [
        0u32,
        1,
        127,
        128,
        255,
        16383,
        16384,
        65535,
        1 << 21,
        u32::MAX,
    ] {
        let mut code = alloc::vec![Opcode::LoadConst as u8];
        write_operand(&mut code, arg);
        assert_eq!(code.len(), 1 + operand_len(arg));
        assert_eq!(decode(&code, 0), Some((Opcode::LoadConst, arg, code.len())));
        // A cut operand is no instruction.
        assert_eq!(decode(&code[..code.len() - 1], 0), None);
    }
    // Small operands take one byte.
    assert_eq!(operand_len(100), 1);
    // More than 32 bits is refused.
    let over = [Opcode::LoadConst as u8, 0xff, 0xff, 0xff, 0xff, 0x1f];
    assert_eq!(decode(&over, 0), None);
}

#[test]
fn compile_errors() {
    assert_eq!(err("return 1\n"), "'return' outside function");
    assert_eq!(err("class C:\n    return\n"), "'return' outside function");
    assert_eq!(err("break\n"), "'break' outside loop");
    assert_eq!(err("continue\n"), "'continue' not properly in loop");
    assert_eq!(err("def f():\n    break\n"), "'break' outside loop");
    assert_eq!(err("await x\n"), "'await' outside function");
    assert_eq!(
        err("def f():\n    await x\n"),
        "'await' outside async function"
    );
    assert_eq!(
        err("def f():\n    async with x: pass\n"),
        "'async with' outside async function"
    );
    assert_eq!(
        err("def f():\n    async for x in y: pass\n"),
        "'async for' outside async function"
    );
    assert_eq!(err("f(k=1, k=2)\n"), "keyword argument repeated: k");
    assert_eq!(
        err("a, *b, *c = d\n"),
        "multiple starred expressions in assignment"
    );
    assert_eq!(err("x = *a\n"), "can't use starred expression here");
    assert_eq!(
        err("def f():\n    from m import *\n"),
        "import * only allowed at module level"
    );
    assert_eq!(
        err("async def f():\n    yield 1\n    return 2\n"),
        "'return' with value in async generator"
    );
    assert_eq!(
        err("try:\n    pass\nexcept:\n    pass\nexcept E:\n    pass\n"),
        "default 'except:' must be last"
    );
    assert_eq!(err("__debug__ = 1\n"), "cannot assign to __debug__");
}

#[test]
fn deep_nesting_compiles() {
    let mut src = String::new();
    for i in 0..40 {
        for _ in 0..i {
            src.push(' ');
        }
        src.push_str("if x:\n");
    }
    for _ in 0..40 {
        src.push(' ');
    }
    src.push_str("pass\n");
    code(&src);
    let e: String = "(".repeat(80) + "1" + &")".repeat(80) + "\n";
    code(&e);
}

#[test]
fn nested_finally_duplication_is_bounded() {
    let mut src = String::from("def f():\n");
    let depth = 24;
    for i in 0..depth {
        let ind = " ".repeat(4 * (i + 1));
        src.push_str(&ind);
        src.push_str("try:\n");
    }
    src.push_str(&" ".repeat(4 * (depth + 1)));
    src.push_str("return g()\n");
    for i in (0..depth).rev() {
        let ind = " ".repeat(4 * (i + 1));
        src.push_str(&ind);
        src.push_str("finally:\n");
        src.push_str(&ind);
        src.push_str("    h()\n");
    }
    // Either it fits or it is rejected; it must not take forever.
    let _ = compile(&src, "t", Mode::Exec, &Options::default());
}

fn staged(src: &str) -> (String, crate::Stage, u32) {
    match crate::compile_staged(src, "t.py", Mode::Exec, &Options::default()) {
        Ok(c) => panic!("compiled: {}", disassemble(&c)),
        Err((e, stage)) => (e.msg.into_owned(), stage, e.line),
    }
}

/// Statements are compiled one by one, yet the error reported is the one a
/// compiler that first parsed, then analysed, then compiled the whole
/// module would report.
#[test]
fn errors_come_in_whole_module_order() {
    use crate::Stage::{Compile, Parse};
    // A syntax error anywhere beats any compile error before it.
    assert_eq!(
        staged("return 1\nx = 1 +\n"),
        ("invalid syntax".to_string(), Parse, 2)
    );
    // An analysis error beats a code-generation error before it.
    assert_eq!(
        staged("return 1\nyield 2\n"),
        ("'yield' outside function".to_string(), Compile, 2)
    );
    assert_eq!(
        staged("break\ndef g():\n    nonlocal q\n"),
        ("no binding for nonlocal 'q' found".to_string(), Compile, 2)
    );
    // Collecting names comes before resolving them.
    assert_eq!(
        staged("def g():\n    nonlocal q\nyield 1\n"),
        ("'yield' outside function".to_string(), Compile, 3)
    );
    // Among errors of one kind, the first in the source.
    assert_eq!(
        staged("break\nreturn 1\n"),
        ("'break' outside loop".to_string(), Compile, 1)
    );
    // A module-level declaration after a use of the name.
    assert_eq!(
        staged("x = 1\ny = 2\nglobal x\n"),
        (
            "name 'x' is assigned to before global declaration".to_string(),
            Compile,
            3
        )
    );
}

/// A top-level class body is compiled statement by statement too, with the
/// errors of a whole-class analysis.
#[test]
fn class_body_errors_come_in_whole_class_order() {
    use crate::Stage::{Compile, Parse};
    assert_eq!(
        staged("class C:\n    def f(self):\n        break\n    def g(self):\n        x = (\n"),
        ("'(' was never closed".to_string(), Parse, 5)
    );
    // Collecting names anywhere in the class, before a code error.
    assert_eq!(
        staged("class C:\n    def f(self):\n        break\n    yield 1\n"),
        ("'yield' outside function".to_string(), Compile, 4)
    );
    // The class's own names resolve before the scopes its body nests,
    // wherever they are in the body.
    assert_eq!(
        staged("class C:\n    def f(self):\n        nonlocal q\n    nonlocal r\n"),
        ("no binding for nonlocal 'r' found".to_string(), Compile, 1)
    );
    assert_eq!(
        staged("class C:\n    break\n    def f(self):\n        nonlocal q\n    x = 1\n"),
        ("no binding for nonlocal 'q' found".to_string(), Compile, 3)
    );
    // Collecting names in a later statement beats resolving the class's.
    assert_eq!(
        staged("class C:\n    def f(self):\n        nonlocal q\ndef g():\n    nonlocal p\nglobal z\nz = 1\nyield\n"),
        ("'yield' outside function".to_string(), Compile, 8)
    );
    assert_eq!(
        staged("class C:\n    x = 1\n    global x\n"),
        (
            "name 'x' is assigned to before global declaration".to_string(),
            Compile,
            3
        )
    );
}

#[test]
fn module_global_declaration_holds_for_later_statements() {
    let c = code("global x\nx = 1\ndel x\n");
    assert_eq!(
        ops(&c),
        [
            LoadSmallInt,
            StoreGlobal,
            DeleteGlobal,
            LoadNone,
            ReturnValue
        ]
    );
}

/// Whether a loop over `range` counts on the stack depends on the whole
/// module, later statements included.
#[test]
fn range_loops_see_later_rebinding() {
    let f = |src: &str| ops(nested(&code(src), "f")).contains(&RangeSetup);
    let def = "def f():\n    for i in range(3):\n        pass\n";
    assert!(f(def));
    assert!(f(&format!("{def}print(range(2), x.range)\nf(range=1)\n")));
    assert!(!f(&format!("{def}range = 5\n")));
    assert!(!f(&format!("{def}from m import *\n")));
    assert!(!f(&format!("{def}def g(range): pass\n")));
    assert!(!f(&format!("{def}x = [range for range in y]\n")));
    // Conservative: a plain use elsewhere also keeps the call.
    assert!(!f(&format!("{def}print(isinstance(x, range))\n")));
}

/// Each statement of a body is assembled on its own; code after a `return`
/// stays unreachable: no stack depth from it, no handler entries for it.
#[test]
fn pieces_after_unreachable_end_stay_unreachable() {
    let c = code(
        "def f():\n    return 1\n    try:\n        [a, b, c, d]\n    except E:\n        pass\n",
    );
    let f = nested(&c, "f");
    assert!(f.exc_table.is_empty());
    assert_eq!(f.stacksize, 1);
    // Reachable through a handler's end, the next statement is covered.
    let c = code("def f():\n    try:\n        return 1\n    except E:\n        pass\n    try:\n        g()\n    except E:\n        pass\n");
    let f = nested(&c, "f");
    assert_eq!(f.exc_table.len(), 6);
    // The second `try` body, `g()`: LoadGlobal 0, CallFunction 0 and PopTop,
    // one byte each.
    assert_eq!((f.exc_table[3].start, f.exc_table[3].end), (17, 20));
}

/// Jumps and line numbers stay right across pieces: offsets continue from
/// the bytes flushed before, and a line repeated across a statement boundary
/// gets no new entry.
#[test]
fn pieces_join_into_one_code() {
    let c = code("x = 1; y = 2\nwhile x:\n    x = 0\nz = 3\n");
    let mut jumps = Vec::new();
    let mut pc = 0;
    while let Some((op, arg, next)) = decode(&c.code, pc) {
        if matches!(op, Jump | PopJumpIfFalse) {
            jumps.push((pc, arg));
        }
        pc = next;
    }
    // Line 1 is two one-byte LoadSmallInts and two two-byte StoreNames;
    // `while`: the test at offset 6, its exit past the loop, the jump back.
    assert_eq!(jumps, [(8, 15), (13, 6)]);
    assert_eq!(c.lines, [(0, 1), (6, 2), (10, 3), (13, 2), (15, 4)]);
}

/// Puts the code a sink took back in place of its numbers.
fn put_back(c: &mut CodeObject, taken: &[CodeObject]) {
    for k in c.consts.iter_mut() {
        if let Const::Loaded(i) = *k {
            let mut t = taken[i as usize].clone();
            put_back(&mut t, taken);
            *k = Const::Code(alloc::boxed::Box::new(t));
        }
    }
}

/// With a sink, each top-level function and class body, and each method of
/// a top-level class, leaves as soon as its statement is compiled; the
/// module keeps the sink's numbers, and putting the code back gives what a
/// plain compile gives.
#[test]
fn sink_takes_finished_code() {
    let src = "def f(a):\n    return a + 1\nclass C:\n    def m(self):\n        return 2\n    k = 3\n    def n(self):\n        return super().n()\nx = [i for i in y]\n";
    let plain = code(src);
    let mut taken: Vec<CodeObject> = Vec::new();
    let mut sink = |c: CodeObject| {
        taken.push(c);
        Ok((taken.len() - 1) as u32)
    };
    let staged =
        crate::compile_staged_with(src, "t.py", Mode::Exec, &Options::default(), &mut sink)
            .expect("compile");
    let names: Vec<&str> = taken.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["f", "m", "n", "C", "<listcomp>"]);
    assert!(!staged.consts.iter().any(|k| matches!(k, Const::Code(_))));
    assert!(!taken[3].consts.iter().any(|k| matches!(k, Const::Code(_))));
    let mut back = staged.clone();
    put_back(&mut back, &taken);
    assert_eq!(back, plain);
    // A failing sink ends the compile with its error.
    let mut full = |_: CodeObject| Err(crate::CompileError::memory(1));
    let r = crate::compile_staged_with(src, "t.py", Mode::Exec, &Options::default(), &mut full);
    assert!(matches!(r, Err((e, _)) if e.kind == crate::ErrorKind::MemoryError));
}

/// Pending instructions sit in the board's heap while a statement compiles.
#[test]
fn instructions_stay_small() {
    assert!(core::mem::size_of::<crate::codegen::assemble::Instr>() <= 16);
}

/// LoadFast and StoreFast of the first 16 locals and LoadSmallInt of
/// -16..=15 take one byte; others keep opcode and operand.
#[test]
fn short_forms() {
    use crate::bytecode::{expand_short, short_form, small_int_operand};
    for n in 0..16 {
        let b = short_form(LoadFast, n).unwrap();
        assert_eq!(decode(&[b], 0), Some((LoadFast, n, 1)));
        let b = short_form(StoreFast, n).unwrap();
        assert_eq!(expand_short(b), (StoreFast, n));
    }
    assert_eq!(short_form(LoadFast, 16), None);
    for i in -16..=15 {
        let z = small_int_operand(i).unwrap();
        let b = short_form(LoadSmallInt, z).unwrap();
        assert_eq!(decode(&[b], 0), Some((LoadSmallInt, z, 1)));
    }
    assert_eq!(
        short_form(LoadSmallInt, small_int_operand(16).unwrap()),
        None
    );
    // A function of 17 locals: the 17th is loaded in two bytes.
    let params: Vec<String> = (0..17).map(|i| format!("a{i}")).collect();
    let src = format!("def f({}):\n    return a0, a16\n", params.join(", "));
    let c = code(&src);
    let f = nested(&c, "f");
    assert_eq!(&f.code[..3], &[0xc0, LoadFast as u8, 16]);
}

#[test]
fn except_star_clauses() {
    let c = code("try:\n  f()\nexcept* ValueError as e:\n  g(e)\nexcept* TypeError:\n  pass\n");
    let o = ops(&c);
    let n = |op| o.iter().filter(|x| **x == op).count();
    assert_eq!(n(Opcode::CheckEgMatch), 2);
    assert_eq!(n(Opcode::ReraiseStar), 1);
    assert_eq!(n(Opcode::CheckExcMatch), 0);
    // [prev, exc] -> [prev, orig, raised, exc] before the first clause.
    let at = o
        .iter()
        .position(|x| *x == Opcode::PushExcInfo)
        .expect("handler");
    assert_eq!(
        &o[at..at + 3],
        &[Opcode::PushExcInfo, Opcode::BuildList, Opcode::Copy]
    );
    // The end: the rest joins what was raised, then all is raised again.
    let at = o
        .iter()
        .position(|x| *x == Opcode::ReraiseStar)
        .expect("end");
    assert_eq!(o[at - 1], Opcode::ListAppend);
    assert_eq!(o[at + 1], Opcode::PopExcept);
    // A handler body with code has its own entry, keeping [prev, orig, raised, rest].
    assert_eq!(c.exc_table.iter().filter(|e| e.depth == 4).count(), 1);
}

#[test]
fn except_star_errors() {
    let exit = "'break', 'continue' and 'return' cannot appear in an except* block";
    assert_eq!(
        err("for x in y:\n  try:\n    pass\n  except* ValueError:\n    break\n"),
        exit
    );
    assert_eq!(
        err("while x:\n  try:\n    pass\n  except* ValueError:\n    if y:\n      continue\n"),
        exit
    );
    assert_eq!(
        err("def f():\n  try:\n    pass\n  except* ValueError:\n    return 1\n"),
        exit
    );
    assert_eq!(
        err("def f():\n  for x in y:\n    try:\n      pass\n    except* E:\n      try:\n        pass\n      finally:\n        return\n"),
        exit
    );
    // Loops and functions inside the clause may leave themselves.
    code("try:\n  pass\nexcept* ValueError:\n  for x in y:\n    break\n    continue\n");
    code("try:\n  pass\nexcept* ValueError:\n  def g():\n    return 1\n");
    code("for x in y:\n  try:\n    break\n  except* ValueError:\n    pass\n  finally:\n    continue\n");
    assert_eq!(
        err("try:\n  pass\nexcept* ValueError:\n  pass\nexcept TypeError:\n  pass\n"),
        "cannot have both 'except' and 'except*' on the same 'try'"
    );
    assert_eq!(
        err("try:\n  pass\nexcept ValueError:\n  pass\nexcept* TypeError:\n  pass\n"),
        "cannot have both 'except' and 'except*' on the same 'try'"
    );
    assert_eq!(
        err("try:\n  pass\nexcept*:\n  pass\n"),
        "expected one or more exception types"
    );
    assert_eq!(
        err("try:\n  pass\nexcept* A, B:\n  pass\n"),
        "multiple exception types must be parenthesized"
    );
}
