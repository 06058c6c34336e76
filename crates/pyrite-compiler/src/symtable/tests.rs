//! Unit tests of scope analysis decisions.

use super::*;
use crate::{parse, Mode};

fn table(src: &str) -> SymbolTable {
    let m = parse(src, Mode::Exec).expect("parse");
    analyze(&m).expect("analyze")
}

fn err(src: &str) -> String {
    let m = parse(src, Mode::Exec).expect("parse");
    analyze(&m).expect_err("should fail").msg.into_owned()
}

fn scope<'t>(t: &'t SymbolTable, name: &str) -> &'t Scope {
    t.scopes.iter().find(|s| s.name == name).expect("scope")
}

#[test]
fn module_names_are_local_or_global() {
    let t = table("x = 1\nprint(x)\n");
    let m = &t.scopes[0];
    assert_eq!(m.lookup("x"), NameScope::Local);
    assert_eq!(m.lookup("print"), NameScope::GlobalImplicit);
}

#[test]
fn function_locals_params_and_globals() {
    let t = table("def f(a, *b, c, **d):\n    e = a\n    return g\n");
    let f = scope(&t, "f");
    assert_eq!(f.params, ["a", "c", "b", "d"]);
    assert_eq!(f.lookup("e"), NameScope::Local);
    assert_eq!(f.lookup("g"), NameScope::GlobalImplicit);
}

#[test]
fn closures_make_cells_and_free_variables() {
    let t = table("def f(a):\n    b = 1\n    def g():\n        def h():\n            return a + b\n        return h\n    return g\n");
    let f = scope(&t, "f");
    assert_eq!(f.lookup("a"), NameScope::Cell);
    assert_eq!(f.cellvars, ["a", "b"]);
    // g passes a and b through to h without using them.
    assert_eq!(scope(&t, "g").freevars, ["a", "b"]);
    assert_eq!(scope(&t, "h").lookup("b"), NameScope::Free);
}

#[test]
fn explicit_global_and_nonlocal() {
    let t = table("def f():\n    x = 1\n    def g():\n        nonlocal x\n        global y\n        x = y = 2\n");
    let g = scope(&t, "g");
    assert_eq!(g.lookup("x"), NameScope::Free);
    assert_eq!(g.lookup("y"), NameScope::GlobalExplicit);
    assert_eq!(scope(&t, "f").lookup("x"), NameScope::Cell);
}

#[test]
fn class_names_are_not_visible_to_methods() {
    let t = table("class C:\n    x = 1\n    def m(self):\n        return x\n");
    assert_eq!(scope(&t, "m").lookup("x"), NameScope::GlobalImplicit);
    assert!(scope(&t, "C").cellvars.is_empty());
}

#[test]
fn super_creates_class_cell() {
    let t = table("class C:\n    def m(self):\n        return super().m()\n");
    assert_eq!(scope(&t, "C").cellvars, ["__class__"]);
    assert_eq!(scope(&t, "m").freevars, ["__class__"]);
}

#[test]
fn class_in_function_reads_free_variable() {
    let t = table("def f():\n    y = 1\n    class D:\n        z = y\n");
    assert_eq!(scope(&t, "D").lookup("y"), NameScope::Free);
    assert_eq!(scope(&t, "f").cellvars, ["y"]);
}

#[test]
fn comprehension_scope_and_walrus() {
    let t = table("def f(xs):\n    return [last := x for x in xs]\n");
    let c = scope(&t, "<listcomp>");
    assert_eq!(c.params, [".0"]);
    assert_eq!(c.lookup("x"), NameScope::Local);
    assert_eq!(c.lookup("last"), NameScope::Free);
    assert_eq!(scope(&t, "f").lookup("last"), NameScope::Cell);
    // The outermost iterable is evaluated in the enclosing scope.
    assert_eq!(scope(&t, "f").lookup("xs"), NameScope::Local);
    let t = table("[y := x for x in z]\n");
    assert_eq!(
        scope(&t, "<listcomp>").lookup("y"),
        NameScope::GlobalExplicit
    );
}

#[test]
fn generator_and_async_flags() {
    let t = table("def g():\n    yield 1\nasync def a():\n    await x\n");
    assert!(scope(&t, "g").is_generator);
    assert!(scope(&t, "a").is_async && !scope(&t, "a").is_generator);
}

#[test]
fn scope_errors() {
    assert_eq!(
        err("def f():\n    nonlocal x\n"),
        "no binding for nonlocal 'x' found"
    );
    assert_eq!(
        err("def f():\n    print(x)\n    global x\n"),
        "name 'x' is used prior to global declaration"
    );
    assert_eq!(
        err("def f():\n    x = 1\n    global x\n"),
        "name 'x' is assigned to before global declaration"
    );
    assert_eq!(
        err("def f(x):\n    global x\n"),
        "name 'x' is parameter and global"
    );
    assert_eq!(
        err("nonlocal x\n"),
        "nonlocal declaration not allowed at module level"
    );
    assert_eq!(err("yield 1\n"), "'yield' outside function");
    assert_eq!(err("class C:\n    yield\n"), "'yield' outside function");
    assert_eq!(
        err("def f():\n    [(yield x) for x in y]\n"),
        "'yield' inside list comprehension"
    );
    assert_eq!(
        err("[x := 1 for x in y]\n"),
        "assignment expression cannot rebind comprehension iteration variable 'x'"
    );
    assert_eq!(
        err("class C:\n    [y := 1 for x in z]\n"),
        "assignment expression within a comprehension cannot be used in a class body"
    );
}
