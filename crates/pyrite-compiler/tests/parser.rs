//! Parser unit tests: precedence, statement forms, f-strings, errors, robustness.

mod common;

use pyrite_compiler::ast::{Constant, ExprKind, StmtKind};
use pyrite_compiler::{parse, CompileError, ErrorKind, Mode};

/// The printed tree of a module.
fn p(src: &str) -> String {
    match parse(src, Mode::Exec) {
        Ok(m) => common::sexp::module(&m),
        Err(e) => panic!("{:?} parsing {:?}", e, src),
    }
}

/// The printed tree of one expression (eval mode).
fn e(src: &str) -> String {
    let m = parse(src, Mode::Eval).unwrap_or_else(|e| panic!("{:?} parsing {:?}", e, src));
    match &m.body[0].kind {
        StmtKind::Expr(x) => common::sexp::expr_at(x, 1),
        _ => unreachable!(),
    }
}

fn err(src: &str) -> CompileError {
    match parse(src, Mode::Exec) {
        Ok(m) => panic!("{:?} parsed: {}", src, common::sexp::module(&m)),
        Err(e) => e,
    }
}

#[test]
fn precedence() {
    assert_eq!(e("-2 ** 2"), "(USub (Pow 2 2))");
    assert_eq!(e("2 ** -1"), "(Pow 2 (USub 1))");
    assert_eq!(e("a ** b ** c"), "(Pow a (Pow b c))");
    assert_eq!(e("a - b - c"), "(Sub (Sub a b) c)");
    assert_eq!(
        e("a | b ^ c & d << e + f * g"),
        "(BitOr a (BitXor b (BitAnd c (LShift d (Add e (Mul f g))))))"
    );
    assert_eq!(e("not a == b"), "(Not (cmp a Eq b))");
    assert_eq!(e("a or b and not c"), "(Or a (And b (Not c)))");
    assert_eq!(
        e("a < b <= c != d"),
        "(cmp a Lt b LtE c NotEq d)".replace("LtE", "Le")
    );
    assert_eq!(
        e("a not in b is not c is d in e"),
        "(cmp a NotIn b IsNot c Is d In e)"
    );
    assert_eq!(e("a if b else c if d else e"), "(if b a (if d c e))");
    assert_eq!(e("lambda: a if b else c"), "(lambda () (if b a c))");
    assert_eq!(e("~-+x"), "(Invert (USub (UAdd x)))");
    assert_eq!(e("await x ** 2"), "(Pow (await x) 2)");
    assert_eq!(
        e("a @ b // c % d / e"),
        "(TrueDiv (Mod (FloorDiv (MatMul a b) c) d) e)"
    );
    assert_eq!(e("1if x else 2"), "(if x 1 2)");
}

#[test]
fn atoms_and_trailers() {
    assert_eq!(e("()"), "(tuple )");
    assert_eq!(e("(1,)"), "(tuple 1)");
    assert_eq!(e("(1)"), "1");
    assert_eq!(e("1, 2,"), "(tuple 1 2)");
    assert_eq!(e("[*a, *b]"), "(list (* a) (* b))");
    assert_eq!(e("{}"), "(dict )");
    assert_eq!(e("{1}"), "(set 1)");
    assert_eq!(e("{**a, b: c, **d,}"), "(dict **a b:c **d)");
    assert_eq!(e("a.b(c)[d]"), "([] (call (. a b) c) d)");
    assert_eq!(
        e("a[1:2, ::3]"),
        "([] a (tuple (slice 1 2 _) (slice _ _ 3)))"
    );
    assert_eq!(e("a[:]"), "([] a (slice _ _ _))");
    assert_eq!(e("a[1:]"), "([] a (slice 1 _ _))");
    assert_eq!(e("a[::]"), "([] a (slice _ _ _))");
    assert_eq!(e("a[x:=1]"), "([] a (:= x 1))");
    assert_eq!(e("a[1,]"), "([] a (tuple 1))");
    assert_eq!(e("a[...]"), "([] a ...)");
    assert_eq!(e("f(x for x in y)"), "(call f (genexp x (for x y)))");
    assert_eq!(e("f(a, *b, c=1, **d)"), "(call f a (* b) c=1 **d)");
    assert_eq!(e("f(a, (x := 2))"), "(call f a (:= x 2))");
    assert_eq!(e("(yield)"), "(yield _)");
    assert_eq!(e("True, False, None"), "(tuple True False None)");
    assert_eq!(e("  x"), "x");
}

#[test]
fn comprehensions() {
    assert_eq!(
        e("[x for x, in y if a if b for z in w]"),
        "(listcomp x (for (tuple x) y (if a) (if b)) (for z w))"
    );
    assert_eq!(
        e("{k: v for k, v in d}"),
        "(dictcomp k:v (for (tuple k v) d))"
    );
    assert_eq!(e("{x async for x in y}"), "(setcomp x (async for x y))");
    assert_eq!(e("(x for x in a or b)"), "(genexp x (for x (Or a b)))");
}

#[test]
fn lambdas_and_defs() {
    assert_eq!(
        e("lambda a, b=1, /, c=2, *d, e, f=3, **g: 0"),
        "(lambda (a b=1 / c=2 *d e f=3 **g) 0)"
    );
    assert_eq!(e("lambda *, k: k"), "(lambda (* k) k)");
    assert_eq!(
        p("def f(a: int, *, b: str = 'x') -> None: pass"),
        "1 def f(a:int * b:str=\"x\") -> None\n  1 pass\n"
    );
    let m = parse("def f(a, b=1, *c, d, e=2): pass", Mode::Exec).unwrap();
    let StmtKind::FunctionDef(f) = &m.body[0].kind else {
        panic!()
    };
    assert_eq!(f.args.defaults.len(), 1);
    assert_eq!(f.args.kw_defaults.len(), 2);
    assert!(f.args.kw_defaults[0].is_none());
    assert_eq!(f.args.vararg.as_ref().unwrap().name, "c");
}

#[test]
fn statements() {
    assert_eq!(p("a = b = 1"), "1 a b = 1\n");
    assert_eq!(p("a, *b = c"), "1 (tuple a (* b)) = c\n");
    assert_eq!(p("[a, b] = c"), "1 (list a b) = c\n");
    assert_eq!(p("x = *a, b"), "1 x = (tuple (* a) b)\n");
    assert_eq!(p("x = yield"), "1 x = (yield _)\n");
    assert_eq!(p("x **= 2"), "1 x Pow= 2\n");
    assert_eq!(p("x.y: int"), "1 (. x y) : int = _\n");
    assert_eq!(p("a; b;"), "1 expr a\n1 expr b\n");
    assert_eq!(p("return 1, *a"), "1 return (tuple 1 (* a))\n");
    assert_eq!(p("raise"), "1 raise _ from _\n");
    assert_eq!(p("del a, (b, c), d[1],"), "1 del a (tuple b c) ([] d 1)\n");
    assert_eq!(p("from . import a"), "1 from . import a\n");
    assert_eq!(p("from ...a.b import *"), "1 from ...a.b import *\n");
    assert_eq!(p("from .... import x"), "1 from .... import x\n");
    assert_eq!(p("global a, b"), "1 global a b\n");
    assert_eq!(
        p("if a:\n  pass\nelif b:\n  pass\nelif c: pass\n"),
        "1 if a\n  2 pass\nelse:\n  3 if b\n    4 pass\n  else:\n    5 if c\n      5 pass\n"
    );
    assert_eq!(
        p("with (a, b) as c: pass"),
        "1 with (tuple a b) as c\n  1 pass\n"
    );
    assert_eq!(p("with (a as b, c,): pass"), "1 with a as b, c\n  1 pass\n");
    assert_eq!(
        p("with (a) as b, (c): pass"),
        "1 with a as b, c\n  1 pass\n"
    );
    assert_eq!(
        p("with a as (b, c): pass"),
        "1 with a as (tuple b c)\n  1 pass\n"
    );
    assert_eq!(
        p("@a.b\n@c(1)\nclass C: pass"),
        "3 @(. a b)@1\n3 @(call c 1)@2\n3 class C()\n  3 pass\n"
    );
    assert_eq!(p("for x, in y: pass"), "1 for (tuple x) in y\n  1 pass\n");
    assert_eq!(
        p("async def f():\n async for a in b: pass\n async with c: pass"),
        "1 async def f()\n  2 async for a in b\n    2 pass\n  3 async with c\n    3 pass\n"
    );
}

#[test]
fn lines() {
    let src = "x = (1 +\n     2)\nif a:\n\n    f(\n      b)\n\\\ny\n";
    assert_eq!(
        p(src),
        "1 x = (Add 1 2@2)\n3 if a\n  5 expr (call f b@6)\n8 expr y\n"
    );
    assert_eq!(p("'''a\nb'''\nx"), "1 expr \"a\\nb\"\n3 expr x\n");
    assert_eq!(p("x\r\ny\r\n"), "1 expr x\n2 expr y\n");
}

#[test]
fn strings_and_fstrings() {
    assert_eq!(e("'a' \"b\" '''c'''"), "\"abc\"");
    assert_eq!(e("b'a' rb'\\n'"), "b\"a\\\\n\"");
    assert_eq!(e("f''"), "(f )");
    assert_eq!(e("'a' f'b' 'c'"), "(f \"abc\")");
    assert_eq!(e("f'{x}'"), "(f (fmt x))");
    assert_eq!(e("f'a{{b}}c\\n{x!r}'"), "(f \"a{b}c\\n\" (fmt x !r))");
    assert_eq!(
        e("f'{x:{w}.{p}f}'"),
        "(f (fmt x :(f (fmt w) \".\" (fmt p) \"f\")))"
    );
    assert_eq!(e("f'{x = }'"), "(f \"x = \" (fmt x !r))");
    assert_eq!(e("f'{x=!s}'"), "(f \"x=\" (fmt x !s))");
    assert_eq!(e("f'{x=:>4}'"), "(f \"x=\" (fmt x :(f \">4\")))");
    assert_eq!(
        e("f'{a==b}{a!=b}{a<=b}'"),
        "(f (fmt (cmp a Eq b)) (fmt (cmp a NotEq b)) (fmt (cmp a Le b)))"
    );
    assert_eq!(e("f'{\"}\"}'"), "(f (fmt \"}\"))");
    assert_eq!(
        e("f'{d[\"k\"]:{{}}}'"),
        "(f (fmt ([] d \"k\") :(f \"{}\")))"
    );
    assert_eq!(e("f'{a, b}'"), "(f (fmt (tuple a b)))");
    assert_eq!(e("f'{x:%H:%M}'"), "(f (fmt x :(f \"%H:%M\")))");
    assert_eq!(e("rf'\\d{x}'"), "(f \"\\\\d\" (fmt x))");
    assert_eq!(e("f'{f\"{x}\"}'"), "(f (fmt (f (fmt x))))");
    assert_eq!(e("F'{x:=3}'"), "(f (fmt x :(f \"=3\")))");
    assert_eq!(e("f'''{\nx\n}'''"), "(f (fmt x@2))");
    for bad in [
        "f'{'",
        "f'}'",
        "f'{}'",
        "f'{x!z}'",
        "f'{x#}'",
        "f'{a:{b:{c}}}'",
        "f'{x)}'",
        "b'a' 'b'",
        "'a' b'b'",
        "f'{*a}'",
    ] {
        assert_eq!(err(bad).kind, ErrorKind::SyntaxError, "{}", bad);
    }
}

#[test]
fn numbers() {
    let m = parse(
        "0xFFFFFFFFFFFFFFFFF, 0o777777777777777777777777, 99999999999999999999, 1.5e-3, 3j",
        Mode::Eval,
    )
    .unwrap();
    let StmtKind::Expr(t) = &m.body[0].kind else {
        panic!()
    };
    let ExprKind::Tuple(v) = &t.kind else {
        panic!()
    };
    let c: Vec<_> = v
        .iter()
        .map(|x| match &x.kind {
            ExprKind::Constant(c) => c.clone(),
            _ => panic!(),
        })
        .collect();
    assert_eq!(c[0], Constant::BigInt("295147905179352825855".into()));
    assert_eq!(c[1], Constant::BigInt("4722366482869645213695".into()));
    assert_eq!(c[2], Constant::BigInt("99999999999999999999".into()));
    assert_eq!(c[3], Constant::Float(1.5e-3));
    assert_eq!(c[4], Constant::Imag(3.0));
}

#[test]
fn modes() {
    let m = parse("if x:\n  pass\n\n", Mode::Single).unwrap();
    assert_eq!(m.body.len(), 1);
    assert_eq!(parse("", Mode::Single).unwrap().body.len(), 0);
    assert_eq!(parse("a; b", Mode::Single).unwrap().body.len(), 2);
    assert!(parse("a\nb\n", Mode::Single).is_err());
    assert!(parse("a = 1", Mode::Eval).is_err());
    assert_eq!(parse("", Mode::Exec).unwrap().body.len(), 0);
    assert_eq!(parse("# c\n\n  \n", Mode::Exec).unwrap().body.len(), 0);
}

#[test]
fn errors() {
    let cases: &[(&str, &str)] = &[
        ("1 = x", "cannot assign to literal"),
        ("f() = 1", "cannot assign to function call"),
        ("a + 1 = 2", "cannot assign to expression"),
        ("None = 1", "cannot assign to None"),
        ("for 1 in x: pass", "cannot assign to literal"),
        ("with a as f(): pass", "cannot assign to function call"),
        ("[x for 1 in y]", "cannot assign to literal"),
        ("del f()", "cannot delete function call"),
        ("del *a", "invalid syntax"),
        (
            "a, b += 1",
            "'tuple' is an illegal expression for augmented assignment",
        ),
        (
            "a, b: int",
            "only single target (not tuple) can be annotated",
        ),
        (
            "*a = b",
            "starred assignment target must be in a list or tuple",
        ),
        ("*a, *b = c", "multiple starred expressions in assignment"),
        ("x = *a", "can't use starred expression here"),
        ("*a", "can't use starred expression here"),
        ("(*a)", "cannot use starred expression here"),
        (
            "f(a for a in b, c)",
            "Generator expression must be parenthesized",
        ),
        ("f(a=1, b)", "positional argument follows keyword argument"),
        (
            "f(**a, b)",
            "positional argument follows keyword argument unpacking",
        ),
        (
            "f(**a, *b)",
            "iterable argument unpacking follows keyword argument unpacking",
        ),
        ("f(a=1, a=2)", "keyword argument repeated: a"),
        (
            "f(a.b=1)",
            "expression cannot contain assignment, perhaps you meant \"==\"?",
        ),
        (
            "def f(a=1, b): pass",
            "non-default argument follows default argument",
        ),
        (
            "def f(a, a): pass",
            "duplicate argument 'a' in function definition",
        ),
        ("def f(*): pass", "named arguments must follow bare *"),
        (
            "def f(**a, b): pass",
            "arguments cannot follow var-keyword argument",
        ),
        ("x := 1", "invalid syntax"),
        (
            "(a.b := 1)",
            "cannot use assignment expressions with attribute",
        ),
        (
            "from a import b,",
            "trailing comma not allowed without surrounding parentheses",
        ),
        (
            "try:\n  pass\nexcept A, B:\n  pass",
            "multiple exception types must be parenthesized",
        ),
        ("try:\n  pass\n", "expected 'except' or 'finally' block"),
        (
            "try:\n  pass\nexcept* A:\n  pass\nexcept B:\n  pass",
            "cannot have both 'except' and 'except*' on the same 'try'",
        ),
        (
            "try:\n  pass\nexcept A:\n  pass\nexcept *B:\n  pass",
            "cannot have both 'except' and 'except*' on the same 'try'",
        ),
        (
            "try:\n  pass\nexcept*:\n  pass",
            "expected one or more exception types",
        ),
        (
            "try:\n  pass\nexcept* A, B:\n  pass",
            "multiple exception types must be parenthesized",
        ),
        ("x.if", "invalid syntax"),
        ("if x\n  pass", "expected ':'"),
        ("a b", "invalid syntax"),
        ("class A(x for x in y): pass", "invalid syntax"),
        ("[x for x in y, z]", "invalid syntax"),
    ];
    for (src, msg) in cases {
        let e = err(src);
        assert_eq!(e.kind, ErrorKind::SyntaxError, "{}", src);
        assert_eq!(&e.msg, msg, "{}", src);
        assert!(e.line >= 1, "{}", src);
    }
}

#[test]
fn indentation_errors() {
    let cases: &[(&str, &str, u32)] = &[
        ("  x = 1", "unexpected indent", 1),
        ("x = 1\n    y = 2", "unexpected indent", 2),
        ("if x:\ny = 2", "expected an indented block", 2),
        ("def f():\n", "expected an indented block", 2),
        (
            "if x:\n    a\n  b",
            "unindent does not match any outer indentation level",
            3,
        ),
    ];
    for (src, msg, line) in cases {
        let e = err(src);
        assert_eq!(e.kind, ErrorKind::IndentationError, "{}", src);
        assert_eq!((&*e.msg, e.line), (*msg, *line), "{}", src);
    }
}

#[test]
fn nesting_limits() {
    let ok = format!("{}1{}", "(".repeat(150), ")".repeat(150));
    assert!(parse(&ok, Mode::Eval).is_ok());
    for src in [
        format!("{}1{}", "(".repeat(250), ")".repeat(250)),
        format!("{}1{}", "[".repeat(250), "]".repeat(250)),
        format!("{}x", "not ".repeat(5000)),
        format!("{}x", "-".repeat(100_000)),
        format!("{}x", "lambda: ".repeat(5000)),
        format!("x{}", "**x".repeat(5000)),
        format!("x{}", " if x else x".repeat(5000)),
        format!("x{}", "+x".repeat(5000)),
        format!("x{}", ".a".repeat(5000)),
        format!("x{}", "()".repeat(5000)),
        format!("{}x", "await ".repeat(100)),
        format!("{}0{}", "f'{".repeat(300), "}'".repeat(300)),
    ] {
        let r = parse(&src, Mode::Eval);
        assert!(r.is_err(), "{}...", &src[..20]);
    }
    let deep_blocks: String = (0..120)
        .map(|i| format!("{}if x:\n", " ".repeat(i)))
        .collect();
    let e = err(&format!("{}{}pass\n", deep_blocks, " ".repeat(120)));
    assert!(e.msg.contains("too many levels"), "{}", e.msg);
}

/// A small xorshift generator, so the fuzz test is deterministic.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

const SAMPLES: &[&str] = &[
    include_str!("golden/parse/functions.py"),
    include_str!("golden/parse/fstrings.py"),
    include_str!("golden/parse/control.py"),
    include_str!("golden/parse/expressions.py"),
];

const PIECES: &[&str] = &[
    "(", ")", "[", "]", "{", "}", ":", ",", "=", "*", "**", "lambda", "if", "else", "for", "in",
    "\n", "    ", "\t", "'", "\"", "f'{", "}'", "\\", "#", "yield", "def", "class", "x", "1", ".",
    "@", "async", "await", "not", ":=", "0x", "1e", "'''", "b'", "!r", "with", "as", "try",
    "except", "del", "return", "import", "from", "\r", "\u{e9}", "\u{0}",
];

#[test]
fn fuzz_never_panics() {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    for src in SAMPLES {
        // Every prefix (at char boundaries).
        for (i, _) in src.char_indices() {
            let _ = parse(&src[..i], Mode::Exec);
        }
        // Random mutations: delete, duplicate or insert pieces.
        for _ in 0..2000 {
            let mut s: Vec<u8> = src.as_bytes().to_vec();
            for _ in 0..(1 + rng.next() % 4) {
                let at = (rng.next() as usize) % (s.len() + 1);
                match rng.next() % 4 {
                    0 if at < s.len() => {
                        let n = (rng.next() as usize % 8).min(s.len() - at);
                        s.drain(at..at + n);
                    }
                    1 => {
                        let piece = PIECES[rng.next() as usize % PIECES.len()];
                        s.splice(at..at, piece.bytes());
                    }
                    2 => s.insert(at, (rng.next() % 128) as u8),
                    _ => {
                        let end = (at + rng.next() as usize % 16).min(s.len());
                        let dup = s[at..end].to_vec();
                        s.splice(at..at, dup);
                    }
                }
            }
            let text = String::from_utf8_lossy(&s);
            for mode in [Mode::Exec, Mode::Single, Mode::Eval] {
                let _ = parse(&text, mode);
            }
        }
    }
    // Pure garbage from the pieces.
    for _ in 0..3000 {
        let n = rng.next() % 40;
        let s: String = (0..n)
            .map(|_| PIECES[rng.next() as usize % PIECES.len()])
            .collect();
        let _ = parse(&s, Mode::Exec);
    }
}

#[test]
fn big_file_is_fast() {
    let unit = include_str!("golden/parse/functions.py");
    let mut src = String::new();
    while src.lines().count() < 5000 {
        src.push_str(unit);
        src.push('\n');
    }
    let t = std::time::Instant::now();
    let m = parse(&src, Mode::Exec).unwrap();
    let dt = t.elapsed();
    assert!(!m.body.is_empty());
    // Generous: debug builds are much slower than release.
    assert!(dt.as_millis() < 1000, "{:?}", dt);
}

/// With a stack floor the compiler nests as deep as the stack allows, and
/// past it reports the nesting instead of overflowing: the same 2,500
/// nested unary minus signs compile with a megabyte of stack to spare and
/// are a SyntaxError with 32 KB.
#[test]
fn nesting_stops_at_the_stack_floor() {
    use pyrite_compiler::{compile, Options};
    let run = |budget: usize| {
        std::thread::Builder::new()
            .stack_size(8 << 20)
            .spawn(move || {
                let here = 0u8;
                let top = std::hint::black_box(&here) as *const u8 as usize;
                let opts = Options {
                    stack_floor: top - budget,
                    deep: true,
                    ..Options::default()
                };
                let src = format!("x = {}1\ny = {}\n", "-".repeat(2500), ["1"; 3000].join("+"));
                compile(&src, "t.py", Mode::Exec, &opts)
                    .map(|_| ())
                    .map_err(|e| e.msg.into_owned())
            })
            .unwrap()
            .join()
            .unwrap()
    };
    assert_eq!(run(6 << 20), Ok(()));
    assert_eq!(
        run(32 << 10),
        Err("too many nested parentheses".to_string())
    );
    // Without a floor the fixed limit holds.
    let src = format!("x = {}1\n", "-".repeat(300));
    let e = pyrite_compiler::compile(&src, "t.py", Mode::Exec, &Default::default()).unwrap_err();
    assert_eq!(e.msg, "too many nested parentheses");
}
