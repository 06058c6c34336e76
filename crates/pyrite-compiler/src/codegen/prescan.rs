//! A look over a module's tokens for whether anything in it may bind a
//! name (the code generator asks this about `range`, whose loops it compiles
//! to counting on the stack only when the name is surely the builtin).
//!
//! A module is compiled one top-level statement at a time, so a statement
//! cannot know what later ones bind; this pass lexes the whole source
//! instead, holding only a few tokens at a time, and answers
//! conservatively: an occurrence of the name counts as a possible binding
//! unless it is plainly not one:
//!
//! * an attribute (`x.range`, after a `.`, including `import a.range`),
//! * a call (followed by `(`, unless it is the name of a `def` or `class`),
//! * a keyword argument of a call (`f(range=1)`: followed by `=` right
//!   after the `(` or a `,` of a call's parentheses, with no `lambda`
//!   parameter list open, since those bind their names).
//!
//! Anything else (an assignment, a parameter, an import, a `for` or `with`
//! target, `del`, `global`, a walrus, even a plain use such as
//! `isinstance(x, range)`) counts, and so does a `from m import *` and an
//! f-string whose text holds the name. A source that does not lex counts
//! too (compiling it fails anyway), as does one there is no memory to look
//! over.

use alloc::vec::Vec;

use crate::lexer::{Lexer, Tok};

/// What an open bracket is.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Open {
    /// The parameter list of a `def`.
    Params,
    /// Any other `(`: a call, a tuple, a group, class bases.
    Paren,
    /// `[` or `{`.
    Other,
}

/// Whether something in `src` (as the parser reads it) may bind `name`.
pub fn may_bind(src: &str, name: &str) -> bool {
    let mut lx = Lexer::new(src, 1);
    // The two tokens before the one looked at (Newline stands for none).
    let (mut prev2, mut prev) = (Tok::Newline, Tok::Newline);
    let mut opens: Vec<Open> = Vec::new();
    // Bracket depths at which a `lambda`'s parameters are being read.
    let mut lambdas: Vec<usize> = Vec::new();
    loop {
        while lx.toks.len() < 2 && !lx.done {
            if lx.step().is_err() {
                return true;
            }
        }
        if lx.toks.is_empty() {
            return false;
        }
        let tok = lx.toks.remove(0).tok;
        let next = lx.toks.first().map(|t| &t.tok);
        match &tok {
            Tok::Name(n) if n == name => {
                let harmless = match next {
                    _ if matches!(prev, Tok::Op(".")) => true,
                    Some(Tok::Op("(")) => !matches!(prev, Tok::Kw("def" | "class")),
                    Some(Tok::Op("=")) => {
                        matches!(prev, Tok::Op("(" | ","))
                            && opens.last() == Some(&Open::Paren)
                            && lambdas.is_empty()
                    }
                    _ => false,
                };
                if !harmless {
                    return true;
                }
            }
            Tok::FStr { body, .. } if body.contains(name) => return true,
            Tok::Kw("import") if matches!(next, Some(Tok::Op("*"))) => return true,
            // Without memory to track it, anything may bind (and compiling
            // soon ends in the memory error).
            Tok::Kw("lambda") | Tok::Op("(" | "[" | "{")
                if lambdas.try_reserve(1).is_err() || opens.try_reserve(1).is_err() =>
            {
                return true
            }
            Tok::Kw("lambda") => lambdas.push(opens.len()),
            Tok::Op(":") if lambdas.last() == Some(&opens.len()) => {
                lambdas.pop();
            }
            Tok::Op("(") => opens.push(
                if matches!((&prev2, &prev), (Tok::Kw("def"), Tok::Name(_))) {
                    Open::Params
                } else {
                    Open::Paren
                },
            ),
            Tok::Op("[" | "{") => opens.push(Open::Other),
            Tok::Op(")" | "]" | "}") => {
                opens.pop();
                while lambdas.last().is_some_and(|&d| d > opens.len()) {
                    lambdas.pop();
                }
            }
            // A lambda's parameters end at the latest with its line.
            Tok::Newline => lambdas.clear(),
            _ => {}
        }
        prev2 = core::mem::replace(&mut prev, tok);
    }
}

#[cfg(test)]
mod tests {
    use super::may_bind;

    #[test]
    fn bindings_count() {
        for src in [
            "range = 1\n",
            "a, range = 1, 2\n",
            "(a, range) = 1, 2\n",
            "for range in x: pass\n",
            "def range(): pass\n",
            "class range: pass\n",
            "def f(range): pass\n",
            "def f(a, range=1): pass\n",
            "f(lambda range: 0)\n",
            "f(lambda a, range=1: 0)\n",
            "import range\n",
            "import a as range\n",
            "from a import range\n",
            "from a import *\n",
            "with a as range: pass\n",
            "try: pass\nexcept E as range: pass\n",
            "del range\n",
            "global range\n",
            "(range := 3)\n",
            "x = [range for range in y]\n",
            "print(f'{(range := 1)}')\n",
            "x = (\n",
        ] {
            assert!(may_bind(src, "range"), "{src:?}");
        }
    }

    #[test]
    fn uses_do_not() {
        for src in [
            "for i in range(3): pass\n",
            "x.range = 3\n",
            "import a.range\n",
            "from a.range import b\n",
            "f(range=2)\n",
            "f(a, range=2)\n",
            "class A(range=1): pass\n",
            "f(lambda a: a, range=2)\n",
            "print('range', \"range = 1\")  # range = 2\n",
            "x = {'range': range(1)}\n",
        ] {
            assert!(!may_bind(src, "range"), "{src:?}");
        }
    }
}
