//! Disassembly of code objects, for golden tests and `--dump-bytecode`.
//!
//! The text lists each code object (the given one, then its nested code
//! constants depth first): a header with names and sizes, the instructions
//! with their line, offset, jump-target mark (`>>`), opcode, operand and what
//! the operand refers to, then the exception table.

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
use core::fmt::Write;

use crate::bytecode::{decode, flags, BinOp, CmpOp, CodeObject, Const, Opcode};

/// Disassembles a code object and all code objects nested in it.
pub fn disassemble(code: &CodeObject) -> String {
    let mut out = String::new();
    let mut todo: Vec<&CodeObject> = alloc::vec![code];
    while let Some(c) = todo.pop() {
        if !out.is_empty() {
            out.push('\n');
        }
        one(&mut out, c);
        let nested: Vec<&CodeObject> = c
            .consts
            .iter()
            .filter_map(|k| match k {
                Const::Code(b) => Some(&**b),
                _ => None,
            })
            .collect();
        todo.extend(nested.into_iter().rev());
    }
    out
}

fn flag_names(f: u32) -> String {
    let table = [
        (flags::VARARGS, "VARARGS"),
        (flags::VARKEYWORDS, "VARKEYWORDS"),
        (flags::GENERATOR, "GENERATOR"),
        (flags::COROUTINE, "COROUTINE"),
        (flags::ASYNC_GENERATOR, "ASYNC_GENERATOR"),
        (flags::CLASS_BODY, "CLASS_BODY"),
        (flags::MODULE, "MODULE"),
    ];
    let names: Vec<&str> = table
        .iter()
        .filter(|(b, _)| f & b != 0)
        .map(|(_, n)| *n)
        .collect();
    if names.is_empty() {
        String::from("-")
    } else {
        names.join("|")
    }
}

fn list(out: &mut String, title: &str, items: &[String]) {
    if items.is_empty() {
        return;
    }
    let _ = write!(out, "{title}:");
    for (i, s) in items.iter().enumerate() {
        let _ = write!(out, " {i}={s}");
    }
    out.push('\n');
}

fn one(out: &mut String, c: &CodeObject) {
    let _ = writeln!(
        out,
        "code {} ({}) file {:?} line {}",
        c.name, c.qualname, c.filename, c.firstlineno
    );
    let _ = writeln!(
        out,
        "flags: {}  args: {} posonly: {} kwonly: {}  stacksize: {}",
        flag_names(c.flags),
        c.argcount,
        c.posonlyargcount,
        c.kwonlyargcount,
        c.stacksize
    );
    let consts: Vec<String> = c.consts.iter().map(const_repr).collect();
    list(out, "consts", &consts);
    list(out, "names", &c.names);
    list(out, "varnames", &c.varnames);
    if !c.cellvars.is_empty() {
        let cells: Vec<String> = c
            .cellvars
            .iter()
            .zip(&c.cell2arg)
            .map(|(n, a)| match a {
                Some(a) => format!("{n}(arg {a})"),
                None => n.clone(),
            })
            .collect();
        list(out, "cellvars", &cells);
    }
    list(out, "freevars", &c.freevars);

    let mut targets = Vec::new();
    let mut pc = 0;
    while let Some((op, arg, next)) = decode(&c.code, pc) {
        if is_jump(op) {
            targets.push(arg as usize);
        }
        pc = next;
    }
    targets.extend(c.exc_table.iter().map(|e| e.target as usize));

    let mut pc = 0;
    let mut li = 0;
    while pc < c.code.len() {
        let mut line_col = String::new();
        while li < c.lines.len() && c.lines[li].0 as usize <= pc {
            if c.lines[li].0 as usize == pc {
                line_col = format!("{}", c.lines[li].1);
            }
            li += 1;
        }
        let mark = if targets.contains(&pc) { ">>" } else { "  " };
        let Some((op, arg, next)) = decode(&c.code, pc) else {
            let _ = writeln!(
                out,
                "{line_col:>5} {mark} {pc:>5} <bad byte {}>",
                c.code[pc]
            );
            pc += 1;
            continue;
        };
        let _ = write!(out, "{line_col:>5} {mark} {pc:>5} {}", op.name());
        if (op as u8) >= crate::bytecode::HAVE_ARG {
            let pad = 20usize.saturating_sub(op.name().len());
            let _ = write!(out, "{:pad$} {arg}", "");
            let note = describe(c, op, arg);
            if !note.is_empty() {
                let _ = write!(out, " ({note})");
            }
        }
        out.push('\n');
        pc = next;
    }
    if !c.exc_table.is_empty() {
        out.push_str("exception table:\n");
        for e in &c.exc_table {
            let _ = writeln!(
                out,
                "  {} to {} -> {} [depth {}]",
                e.start, e.end, e.target, e.depth
            );
        }
    }
}

fn is_jump(op: Opcode) -> bool {
    use Opcode::*;
    matches!(
        op,
        Jump | PopJumpIfFalse
            | PopJumpIfTrue
            | JumpIfFalseOrPop
            | JumpIfTrueOrPop
            | ForIter
            | ForRange
            | ForIterStack
    )
}

fn get(v: &[String], i: u32) -> String {
    v.get(i as usize)
        .cloned()
        .unwrap_or_else(|| String::from("?"))
}

/// What an operand refers to.
fn describe(c: &CodeObject, op: Opcode, arg: u32) -> String {
    use Opcode::*;
    match op {
        LoadConst => c
            .consts
            .get(arg as usize)
            .map_or_else(|| String::from("?"), const_repr),
        LoadName | StoreName | DeleteName | LoadGlobal | StoreGlobal | DeleteGlobal | LoadAttr
        | StoreAttr | DeleteAttr | LoadMethod | ImportName | ImportFrom | LoadClassDeref => {
            get(&c.names, arg)
        }
        LoadStr => const_repr(&Const::Str(get(&c.names, arg))),
        LoadFast | StoreFast | DeleteFast => get(&c.varnames, arg),
        LoadDeref | StoreDeref | DeleteDeref | LoadClosure => {
            let all: Vec<String> = c.cellvars.iter().chain(&c.freevars).cloned().collect();
            get(&all, arg)
        }
        BinaryOp => {
            let inplace = arg >= u32::from(BinOp::INPLACE);
            let base = if inplace {
                arg - u32::from(BinOp::INPLACE)
            } else {
                arg
            };
            match BinOp::from_u8(base as u8) {
                Some(b) if inplace => format!("{}=", b.symbol()),
                Some(b) => String::from(b.symbol()),
                None => String::from("?"),
            }
        }
        ViperUnary => String::from(
            ["int", "uint", "bool", "ptr", "addr"]
                .get(arg as usize)
                .copied()
                .unwrap_or("?"),
        ),
        ViperBinary if arg >= crate::bytecode::viper::LOAD => {
            format!("load{}", 8 << (arg - crate::bytecode::viper::LOAD).min(2))
        }
        ViperBinary => match BinOp::from_u8((arg >> 1) as u8) {
            Some(b) if arg & 1 != 0 => format!("{} uint", b.symbol()),
            Some(b) => format!("{} int", b.symbol()),
            None => String::from("?"),
        },
        ViperStore => format!("store{}", 8 << arg.min(2)),
        LoadSmallInt => format!("{}", crate::bytecode::small_int_of_operand(arg)),
        CompareOp => CmpOp::from_u8(arg as u8).map_or("?", |c| c.symbol()).into(),
        Jump | PopJumpIfFalse | PopJumpIfTrue | JumpIfFalseOrPop | JumpIfTrueOrPop | ForIter
        | ForRange | ForIterStack => {
            format!("to {arg}")
        }
        UnpackEx => format!("{} before, {} after", arg & 0xff, arg >> 8),
        FormatValue => {
            let conv = ["", "!s", "!r", "!a"][(arg & 3) as usize];
            let spec = if arg & 4 != 0 { " with spec" } else { "" };
            format!("{conv}{spec}").trim().into()
        }
        BuildTemplate => {
            let spec = if arg & 1 != 0 { ", specs" } else { "" };
            format!("{} interpolations{spec}", arg >> 1)
        }
        MakeFunction => {
            let mut parts = Vec::new();
            for (b, n) in [(1, "defaults"), (2, "kwdefaults"), (8, "closure")] {
                if arg & b != 0 {
                    parts.push(n);
                }
            }
            parts.join(", ")
        }
        CallFunctionEx if arg & 1 != 0 => String::from("with kwargs"),
        MatchClass => format!("{arg} positional"),
        _ => String::new(),
    }
}

fn escape(out: &mut String, chars: impl Iterator<Item = char>) {
    for ch in chars {
        match ch {
            '\\' => out.push_str("\\\\"),
            '\'' => out.push_str("\\'"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 || c as u32 == 0x7f => {
                let _ = write!(out, "\\x{:02x}", c as u32);
            }
            c => out.push(c),
        }
    }
}

/// A Python-like rendering of a constant.
pub fn const_repr(c: &Const) -> String {
    match c {
        Const::None => "None".into(),
        Const::True => "True".into(),
        Const::False => "False".into(),
        Const::Ellipsis => "Ellipsis".into(),
        Const::Int(i) => format!("{i}"),
        Const::BigInt(s) => s.clone(),
        Const::Float(f) => float_repr(*f),
        Const::Imag(f) => format!("{}j", float_repr(*f)),
        Const::Str(s) => {
            let mut o = String::from("'");
            escape(&mut o, s.chars());
            o.push('\'');
            o
        }
        Const::Bytes(b) => {
            let mut o = String::from("b'");
            for &x in b {
                if (0x20..0x7f).contains(&x) {
                    escape(&mut o, core::iter::once(x as char));
                } else {
                    let _ = write!(o, "\\x{x:02x}");
                }
            }
            o.push('\'');
            o
        }
        Const::Tuple(t) => {
            let items: Vec<String> = t.iter().map(const_repr).collect();
            if items.len() == 1 {
                format!("({},)", items[0])
            } else {
                format!("({})", items.join(", "))
            }
        }
        Const::Code(code) => format!("<code {}>", code.qualname),
        Const::Loaded(i) => format!("<loaded code {i}>"),
    }
}

fn float_repr(f: f64) -> String {
    if f.is_nan() {
        return "nan".into();
    }
    if f.is_infinite() {
        return if f > 0.0 { "inf".into() } else { "-inf".into() };
    }
    let s = format!("{f:?}");
    s
}
