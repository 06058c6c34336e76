//! A compact, reviewable printer for syntax trees (statements one per line,
//! expressions as S-expressions; `@N` marks an expression whose line differs
//! from its statement's).
#![allow(dead_code)]

use pyrite_compiler::ast::*;
use std::fmt::Write;

/// Prints a whole module.
pub fn module(m: &Module) -> String {
    let mut out = String::new();
    stmts(&mut out, &m.body, 0);
    out
}

/// Prints one expression as a statement on line `line` would.
pub fn expr_at(e: &Expr, line: Line) -> String {
    expr(e, line)
}

fn stmts(out: &mut String, body: &[Stmt], ind: usize) {
    for s in body {
        stmt(out, s, ind);
    }
}

fn block(out: &mut String, label: &str, body: &[Stmt], ind: usize) {
    if body.is_empty() {
        return;
    }
    let _ = writeln!(out, "{:w$}{}:", "", label, w = ind * 2);
    stmts(out, body, ind + 1);
}

fn opt<E: core::borrow::Borrow<Expr>>(e: &Option<E>, l: Line) -> String {
    e.as_ref().map_or("_".into(), |e| expr(e.borrow(), l))
}

fn list(es: &[Expr], l: Line) -> String {
    es.iter().map(|e| expr(e, l)).collect::<Vec<_>>().join(" ")
}

fn arg(a: &Arg, l: Line) -> String {
    match &a.annotation {
        Some(t) => format!("{}:{}", a.name, expr(t, l)),
        None => a.name.to_string(),
    }
}

fn args(a: &Arguments, l: Line) -> String {
    let mut parts = Vec::new();
    let npos = a.posonlyargs.len() + a.args.len();
    let first_default = npos - a.defaults.len();
    for (i, p) in a.posonlyargs.iter().chain(a.args.iter()).enumerate() {
        let mut s = arg(p, l);
        if i >= first_default {
            s = format!("{}={}", s, expr(&a.defaults[i - first_default], l));
        }
        parts.push(s);
        if i + 1 == a.posonlyargs.len() {
            parts.push("/".into());
        }
    }
    if let Some(v) = &a.vararg {
        parts.push(format!("*{}", arg(v, l)));
    } else if !a.kwonlyargs.is_empty() {
        parts.push("*".into());
    }
    for (k, d) in a.kwonlyargs.iter().zip(&a.kw_defaults) {
        match d {
            Some(d) => parts.push(format!("{}={}", arg(k, l), expr(d, l))),
            None => parts.push(arg(k, l)),
        }
    }
    if let Some(k) = &a.kwarg {
        parts.push(format!("**{}", arg(k, l)));
    }
    format!("({})", parts.join(" "))
}

fn keywords(ks: &[Keyword], l: Line) -> String {
    ks.iter()
        .map(|k| match &k.name {
            Some(n) => format!(" {}={}", n, expr(&k.value, l)),
            None => format!(" **{}", expr(&k.value, l)),
        })
        .collect()
}

fn stmt(out: &mut String, s: &Stmt, ind: usize) {
    let l = s.line;
    let pad = format!("{:w$}{} ", "", l, w = ind * 2);
    let head = match &s.kind {
        StmtKind::FunctionDef(f) => {
            for d in &f.decorators {
                let _ = writeln!(out, "{}@{}", pad, expr(d, l));
            }
            let ret = f
                .returns
                .as_ref()
                .map_or(String::new(), |r| format!(" -> {}", expr(r, l)));
            let kw = if f.is_async { "async def" } else { "def" };
            let _ = writeln!(out, "{}{} {}{}{}", pad, kw, f.name, args(&f.args, l), ret);
            stmts(out, &f.body, ind + 1);
            return;
        }
        StmtKind::ClassDef(c) => {
            for d in &c.decorators {
                let _ = writeln!(out, "{}@{}", pad, expr(d, l));
            }
            let _ = writeln!(
                out,
                "{}class {}({}{})",
                pad,
                c.name,
                list(&c.bases, l),
                keywords(&c.keywords, l)
            );
            stmts(out, &c.body, ind + 1);
            return;
        }
        StmtKind::Return(v) => format!("return {}", opt(v, l)),
        StmtKind::Delete(t) => format!("del {}", list(t, l)),
        StmtKind::Assign { targets, value } => {
            format!("{} = {}", list(targets, l), expr(value, l))
        }
        StmtKind::AugAssign { target, op, value } => {
            format!("{} {:?}= {}", expr(target, l), op, expr(value, l))
        }
        StmtKind::AnnAssign {
            target,
            annotation,
            value,
        } => format!(
            "{} : {} = {}",
            expr(target, l),
            expr(annotation, l),
            opt(value, l)
        ),
        StmtKind::For {
            target,
            iter,
            body,
            orelse,
            is_async,
        } => {
            let kw = if *is_async { "async for" } else { "for" };
            let _ = writeln!(
                out,
                "{}{} {} in {}",
                pad,
                kw,
                expr(target, l),
                expr(iter, l)
            );
            stmts(out, body, ind + 1);
            block(out, "else", orelse, ind);
            return;
        }
        StmtKind::While { test, body, orelse } => {
            let _ = writeln!(out, "{}while {}", pad, expr(test, l));
            stmts(out, body, ind + 1);
            block(out, "else", orelse, ind);
            return;
        }
        StmtKind::If { test, body, orelse } => {
            let _ = writeln!(out, "{}if {}", pad, expr(test, l));
            stmts(out, body, ind + 1);
            block(out, "else", orelse, ind);
            return;
        }
        StmtKind::With {
            items,
            body,
            is_async,
        } => {
            let kw = if *is_async { "async with" } else { "with" };
            let items: Vec<String> = items
                .iter()
                .map(|i| match &i.target {
                    Some(t) => format!("{} as {}", expr(&i.context, l), expr(t, l)),
                    None => expr(&i.context, l),
                })
                .collect();
            let _ = writeln!(out, "{}{} {}", pad, kw, items.join(", "));
            stmts(out, body, ind + 1);
            return;
        }
        StmtKind::Raise { exc, cause } => format!("raise {} from {}", opt(exc, l), opt(cause, l)),
        StmtKind::Try(t) => {
            let (body, handlers, orelse, finalbody) =
                (&t.body, &t.handlers, &t.orelse, &t.finalbody);
            let _ = writeln!(out, "{}try", pad);
            stmts(out, body, ind + 1);
            for h in handlers {
                let name = h
                    .name
                    .as_ref()
                    .map_or(String::new(), |n| format!(" as {}", n));
                let _ = writeln!(
                    out,
                    "{:w$}{} except{} {}{}",
                    "",
                    h.line,
                    if t.star { "*" } else { "" },
                    opt(&h.typ, h.line),
                    name,
                    w = ind * 2
                );
                stmts(out, &h.body, ind + 1);
            }
            block(out, "else", orelse, ind);
            block(out, "finally", finalbody, ind);
            return;
        }
        StmtKind::Assert { test, msg } => format!("assert {} {}", expr(test, l), opt(msg, l)),
        StmtKind::Import(names) => format!("import {}", aliases(names)),
        StmtKind::ImportFrom {
            module,
            names,
            level,
        } => format!(
            "from {}{} import {}",
            ".".repeat(*level as usize),
            module.as_deref().unwrap_or(""),
            aliases(names)
        ),
        StmtKind::Global(n) => format!("global {}", n.join(" ")),
        StmtKind::Nonlocal(n) => format!("nonlocal {}", n.join(" ")),
        StmtKind::Expr(e) => format!("expr {}", expr(e, l)),
        StmtKind::Match(m) => {
            let _ = writeln!(out, "{}match {}", pad, expr(&m.subject, l));
            for c in &m.cases {
                let _ = writeln!(out, "{}  case {:?}", pad, c.pattern.kind);
                if let Some(g) = &c.guard {
                    let _ = writeln!(out, "{}  if {}", pad, expr(g, l));
                }
                stmts(out, &c.body, ind + 2);
            }
            return;
        }
        StmtKind::Pass => "pass".into(),
        StmtKind::Break => "break".into(),
        StmtKind::Continue => "continue".into(),
    };
    let _ = writeln!(out, "{}{}", pad, head);
}

fn aliases(names: &[Alias]) -> String {
    names
        .iter()
        .map(|a| match &a.asname {
            Some(n) => format!("{} as {}", a.name, n),
            None => a.name.to_string(),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn comps(gens: &[Comprehension], l: Line) -> String {
    gens.iter()
        .map(|g| {
            let ifs: String = g
                .ifs
                .iter()
                .map(|c| format!(" (if {})", expr(c, l)))
                .collect();
            let kw = if g.is_async { "async for" } else { "for" };
            format!(
                " ({} {} {}{})",
                kw,
                expr(&g.target, l),
                expr(&g.iter, l),
                ifs
            )
        })
        .collect()
}

fn boxed(e: &Option<P<Expr>>, l: Line) -> String {
    e.as_ref().map_or("_".into(), |e| expr(e, l))
}

fn constant(c: &Constant) -> String {
    match c {
        Constant::None => "None".into(),
        Constant::True => "True".into(),
        Constant::False => "False".into(),
        Constant::Ellipsis => "...".into(),
        Constant::Int(i) => format!("{}", i),
        Constant::BigInt(s) => format!("{}n", s),
        Constant::Float(f) => format!("{:?}", f),
        Constant::Imag(f) => format!("{:?}j", f),
        Constant::Str(s) => format!("{:?}", s),
        Constant::Bytes(b) => format!("b\"{}\"", b.escape_ascii()),
    }
}

fn expr(e: &Expr, l: Line) -> String {
    let s = expr_kind(e, e.line);
    if e.line != l {
        format!("{}@{}", s, e.line)
    } else {
        s
    }
}

fn expr_kind(e: &Expr, l: Line) -> String {
    match &e.kind {
        ExprKind::BoolOp { op, values } => format!("({:?} {})", op, list(values, l)),
        ExprKind::NamedExpr { target, value } => {
            format!("(:= {} {})", expr(target, l), expr(value, l))
        }
        ExprKind::BinOp { left, op, right } => {
            format!("({:?} {} {})", op, expr(left, l), expr(right, l))
        }
        ExprKind::UnaryOp { op, operand } => format!("({:?} {})", op, expr(operand, l)),
        ExprKind::Lambda { args: a, body } => {
            format!("(lambda {} {})", args(a, l), expr(body, l))
        }
        ExprKind::IfExp { test, body, orelse } => format!(
            "(if {} {} {})",
            expr(test, l),
            expr(body, l),
            expr(orelse, l)
        ),
        ExprKind::Dict(d) => {
            let DictExpr { keys, values } = &**d;
            let items: Vec<String> = keys
                .iter()
                .zip(values)
                .map(|(k, v)| match k {
                    Some(k) => format!("{}:{}", expr(k, l), expr(v, l)),
                    None => format!("**{}", expr(v, l)),
                })
                .collect();
            format!("(dict {})", items.join(" "))
        }
        ExprKind::Set(v) => format!("(set {})", list(v, l)),
        ExprKind::ListComp { elt, generators } => {
            format!("(listcomp {}{})", expr(elt, l), comps(generators, l))
        }
        ExprKind::SetComp { elt, generators } => {
            format!("(setcomp {}{})", expr(elt, l), comps(generators, l))
        }
        ExprKind::DictComp(d) => format!(
            "(dictcomp {}:{}{})",
            expr(&d.key, l),
            expr(&d.value, l),
            comps(&d.generators, l)
        ),
        ExprKind::GeneratorExp { elt, generators } => {
            format!("(genexp {}{})", expr(elt, l), comps(generators, l))
        }
        ExprKind::Await(v) => format!("(await {})", expr(v, l)),
        ExprKind::Yield(v) => format!("(yield {})", boxed(v, l)),
        ExprKind::YieldFrom(v) => format!("(yield-from {})", expr(v, l)),
        ExprKind::Compare(c) => {
            let CompareExpr {
                left,
                ops,
                comparators,
            } = &**c;
            let rest: String = ops
                .iter()
                .zip(comparators)
                .map(|(o, c)| format!(" {:?} {}", o, expr(c, l)))
                .collect();
            format!("(cmp {}{})", expr(left, l), rest)
        }
        ExprKind::Call(c) => {
            let CallExpr {
                func,
                args,
                keywords: kw,
            } = &**c;
            let a: String = args.iter().map(|a| format!(" {}", expr(a, l))).collect();
            format!("(call {}{}{})", expr(func, l), a, keywords(kw, l))
        }
        ExprKind::FormattedValue {
            value,
            conversion,
            spec,
        } => {
            let conv = if *conversion == 0 {
                String::new()
            } else {
                format!(" !{}", *conversion as char)
            };
            let spec = spec
                .as_ref()
                .map_or(String::new(), |s| format!(" :{}", expr(s, l)));
            format!("(fmt {}{}{})", expr(value, l), conv, spec)
        }
        ExprKind::JoinedStr(parts) => format!("(f {})", list(parts, l)),
        ExprKind::TemplateStr(parts) => format!("(t {})", list(parts, l)),
        ExprKind::Interpolation(i) => {
            let conv = if i.conversion == 0 {
                String::new()
            } else {
                format!(" !{}", i.conversion as char)
            };
            let spec = i
                .spec
                .as_ref()
                .map_or(String::new(), |s| format!(" :{}", expr(s, l)));
            format!(
                "(interp {} {:?}{}{})",
                expr(&i.value, l),
                i.text,
                conv,
                spec
            )
        }
        ExprKind::Constant(c) => constant(c),
        ExprKind::Attribute { value, attr } => format!("(. {} {})", expr(value, l), attr),
        ExprKind::Subscript { value, slice } => {
            format!("([] {} {})", expr(value, l), expr(slice, l))
        }
        ExprKind::Starred(v) => format!("(* {})", expr(v, l)),
        ExprKind::Name(n) => n.to_string(),
        ExprKind::List(v) => format!("(list {})", list(v, l)),
        ExprKind::Tuple(v) => format!("(tuple {})", list(v, l)),
        ExprKind::Slice { lower, upper, step } => format!(
            "(slice {} {} {})",
            boxed(lower, l),
            boxed(upper, l),
            boxed(step, l)
        ),
    }
}
