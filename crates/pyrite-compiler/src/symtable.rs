//! Scope analysis: which names are local, global, free or cells.
//!
//! One pass collects, per scope (module, class, function/lambda,
//! comprehension), how each name is used; a second pass resolves every name
//! to a [`NameScope`] and works out cell and free variables. The code
//! generator finds the scope of a nested definition by the address of its
//! AST node ([`SymbolTable::scope_of_function`] and friends), so the two
//! passes never have to agree on a visiting order.

use alloc::string::String;
use alloc::vec::Vec;

use crate::ast::{self, CallExpr, Expr, ExprKind, Stmt, StmtKind};
use crate::CompileError;

/// What kind of code a scope compiles to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScopeKind {
    Module,
    Class,
    Function,
    Lambda,
    Comprehension,
}

/// Where a name used in a scope lives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NameScope {
    /// A fast local (functions) or a namespace entry (module, class).
    Local,
    /// Declared `global` here.
    GlobalExplicit,
    /// Not bound anywhere in enclosing functions: a global or builtin.
    GlobalImplicit,
    /// Bound in an enclosing function: reached through the closure.
    Free,
    /// Local here and captured by an inner scope: lives in a cell.
    Cell,
}

const DEF_LOCAL: u16 = 1;
const DEF_PARAM: u16 = 2;
const DEF_GLOBAL: u16 = 4;
const DEF_NONLOCAL: u16 = 8;
const USE: u16 = 16;
const DEF_COMP_ITER: u16 = 32;

/// One name of a scope.
#[derive(Debug, Clone)]
pub struct Symbol {
    pub name: ast::Ident,
    flags: u16,
    pub scope: NameScope,
}

/// The analysis of one scope.
#[derive(Debug, Clone)]
pub struct Scope {
    pub kind: ScopeKind,
    pub name: String,
    pub line: u32,
    /// Names in order of first appearance.
    pub symbols: Vec<Symbol>,
    /// Indices of `symbols` in name order, for binary search (a map would
    /// hold each name twice, and a B-tree node is large for a few names).
    index: Vec<u32>,
    /// Nested scopes, in source order.
    pub children: Vec<usize>,
    pub parent: Option<usize>,
    /// Contains `yield` / `yield from` (or is a generator expression).
    pub is_generator: bool,
    /// `async def`.
    pub is_async: bool,
    /// Contains `await`, `async for` or `async with` (comprehensions: makes them asynchronous).
    pub has_await: bool,
    /// Parameter names in slot order (positional, keyword-only, `*args`, `**kwargs`).
    pub params: Vec<String>,
    /// Captured locals, sorted; a class's only cell is `__class__`.
    pub cellvars: Vec<String>,
    /// Variables reached through the closure, sorted.
    pub freevars: Vec<String>,
    /// Set when a name could not be added for want of memory (the
    /// analysis then ends in a MemoryError).
    oom: bool,
}

impl Scope {
    /// A scope without a name yet (the module's has none).
    fn new(kind: ScopeKind, line: u32, parent: Option<usize>) -> Scope {
        Scope {
            kind,
            name: String::new(),
            line,
            symbols: Vec::new(),
            index: Vec::new(),
            children: Vec::new(),
            parent,
            is_generator: false,
            is_async: false,
            has_await: false,
            params: Vec::new(),
            cellvars: Vec::new(),
            freevars: Vec::new(),
            oom: false,
        }
    }

    /// Where `name` is or would go in `index`.
    fn find(&self, name: &str) -> Result<usize, usize> {
        self.index
            .binary_search_by(|&i| self.symbols[i as usize].name.as_str().cmp(name))
    }

    fn get(&self, name: &str) -> Option<usize> {
        self.find(name).ok().map(|k| self.index[k] as usize)
    }

    fn flags(&self, name: &str) -> u16 {
        self.get(name).map_or(0, |i| self.symbols[i].flags)
    }

    fn add(&mut self, name: &str, flag: u16) {
        let i = match self.find(name) {
            Ok(k) => {
                let i = self.index[k] as usize;
                self.symbols[i].flags |= flag;
                i
            }
            Err(k) => {
                let Some(s) = ast::Ident::try_new(name).filter(|_| {
                    self.symbols.try_reserve(1).is_ok() && self.index.try_reserve(1).is_ok()
                }) else {
                    self.oom = true;
                    return;
                };
                self.index.insert(k, self.symbols.len() as u32);
                self.symbols.push(Symbol {
                    name: s,
                    flags: flag,
                    scope: NameScope::GlobalImplicit,
                });
                self.symbols.len() - 1
            }
        };
        if self.kind == ScopeKind::Module {
            // What `resolve` makes of a module name depends on its flags
            // alone, so a module analysed statement by statement keeps its
            // names resolved as they come.
            let sym = &mut self.symbols[i];
            sym.scope = if sym.flags & DEF_GLOBAL != 0 {
                NameScope::GlobalExplicit
            } else if sym.flags & (DEF_LOCAL | DEF_PARAM) != 0 {
                NameScope::Local
            } else {
                NameScope::GlobalImplicit
            };
        }
    }

    /// Adds a parameter name (sets `oom` if there is no memory for it).
    fn add_param(&mut self, name: &str) {
        match crate::try_string(name).filter(|_| self.params.try_reserve(1).is_ok()) {
            Some(n) => self.params.push(n),
            None => self.oom = true,
        }
    }

    /// How a name used in this scope is reached (unknown names are globals).
    pub fn lookup(&self, name: &str) -> NameScope {
        self.get(name)
            .map_or(NameScope::GlobalImplicit, |i| self.symbols[i].scope)
    }

    /// Locals that are not parameters, in order of first appearance (function scopes).
    pub fn other_locals(&self) -> impl Iterator<Item = &str> {
        self.symbols
            .iter()
            .filter(|s| s.scope == NameScope::Local && s.flags & DEF_PARAM == 0)
            .map(|s| s.name.as_str())
    }

    /// True if the scope compiles names to fast locals and cells.
    pub fn is_function_like(&self) -> bool {
        matches!(
            self.kind,
            ScopeKind::Function | ScopeKind::Lambda | ScopeKind::Comprehension
        )
    }
}

/// The scopes of a module; scope 0 is the module itself.
#[derive(Debug, Clone, Default)]
pub struct SymbolTable {
    pub scopes: Vec<Scope>,
    /// (node address, node kind) -> scope, in order of entry: a statement
    /// nests few scopes, so a list searched from the end is enough.
    by_node: Vec<((usize, u8), usize)>,
    /// While a top-level class is analysed one body statement at a time:
    /// its scope, and the length of `by_node` once it was entered.
    class: Option<(usize, usize)>,
    /// `Options::stack_floor` (0: none).
    pub stack_floor: usize,
}

const KEY_FUNC: u8 = 0;
const KEY_CLASS: u8 = 1;
const KEY_EXPR: u8 = 2;

impl SymbolTable {
    fn scope_of(&self, key: (usize, u8)) -> Option<usize> {
        self.by_node
            .iter()
            .rev()
            .find(|(k, _)| *k == key)
            .map(|&(_, id)| id)
    }

    /// The scope of a `def`.
    pub fn scope_of_function(&self, f: &ast::FunctionDef) -> Option<usize> {
        self.scope_of((f as *const ast::FunctionDef as usize, KEY_FUNC))
    }

    /// The scope of a class body.
    pub fn scope_of_class(&self, c: &ast::ClassDef) -> Option<usize> {
        self.scope_of((c as *const ast::ClassDef as usize, KEY_CLASS))
    }

    /// The scope of a lambda or comprehension expression.
    pub fn scope_of_expr(&self, e: &Expr) -> Option<usize> {
        self.scope_of((e as *const Expr as usize, KEY_EXPR))
    }
}

/// Analyses a whole module.
pub fn analyze(m: &ast::Module) -> Result<SymbolTable, CompileError> {
    let mut b = Builder {
        scopes: alloc::vec![Scope::new(ScopeKind::Module, 1, None)],
        by_node: Vec::new(),
        cur: 0,
        stack_floor: 0,
    };
    b.stmts(&m.body)?;
    let mut t = SymbolTable {
        scopes: b.scopes,
        by_node: b.by_node,
        class: None,
        stack_floor: 0,
    };
    if t.scopes.iter().any(|s| s.oom) {
        return Err(CompileError::memory(0));
    }
    resolve(&mut t.scopes, 0)?;
    Ok(t)
}

/// A module analysed one top-level statement at a time: [`Self::build_stmt`]
/// then [`Self::resolve_stmt`] for each, in source order. The module scope
/// (scope 0) keeps every module-level name across statements, which is all
/// the module level needs (its names are namespace entries, and a `global`
/// declaration there must come before any use); the scopes a statement
/// nests (functions, classes, lambdas, comprehensions) are analysed whole
/// within it and replaced by the next statement's. This gives the same
/// scopes and the same first error as [`analyze`] over the whole module,
/// provided a caller that meets an error while resolving one statement still
/// builds the later ones (a build error anywhere comes first).
impl SymbolTable {
    /// A table for a module, whose scope [`Self::module_scope`] makes.
    pub fn module() -> SymbolTable {
        SymbolTable {
            scopes: Vec::new(),
            by_node: Vec::new(),
            class: None,
            stack_floor: 0,
        }
    }

    /// Makes the module scope (scope 0) unless it is there; the memory error
    /// without room for it.
    pub fn module_scope(&mut self) -> Result<(), CompileError> {
        if self.scopes.is_empty() {
            // Exactly one: a one-line REPL input needs no more (`try_reserve`
            // would make room for four, which a full board heap may not have).
            self.scopes
                .try_reserve_exact(1)
                .map_err(|_| CompileError::memory(1))?;
            self.scopes.push(Scope::new(ScopeKind::Module, 1, None));
        }
        Ok(())
    }

    /// Collects the names of top-level statement `s`, dropping the nested
    /// scopes of the statement before.
    pub fn build_stmt(&mut self, s: &Stmt) -> Result<(), CompileError> {
        self.module_scope()?;
        self.scopes.truncate(1);
        self.scopes[0].children.clear();
        self.by_node.clear();
        self.class = None;
        self.build(0, |b| b.stmt(s))
    }

    /// Runs `f` on a builder whose current scope is `cur`.
    fn build(
        &mut self,
        cur: usize,
        f: impl FnOnce(&mut Builder) -> Result<(), CompileError>,
    ) -> Result<(), CompileError> {
        let mut b = Builder {
            scopes: core::mem::take(&mut self.scopes),
            by_node: core::mem::take(&mut self.by_node),
            cur,
            stack_floor: self.stack_floor,
        };
        let r = f(&mut b);
        self.scopes = b.scopes;
        self.by_node = b.by_node;
        if self.scopes.iter().any(|s| s.oom) {
            return Err(CompileError::memory(0));
        }
        r
    }

    /// Resolves the names of the scopes the last built statement nests.
    pub fn resolve_stmt(&mut self) -> Result<(), CompileError> {
        // Names bound at module level are globals to nested scopes (which
        // never leave a module free variable).
        for i in 0..self.scopes[0].children.len() {
            let c = self.scopes[0].children[i];
            resolve(&mut self.scopes, c)?;
        }
        Ok(())
    }
}

/// A top-level class analysed one body statement at a time, as the parser
/// hands it over ([`crate::parser::Piece`]): [`Self::build_class_head`] and
/// [`Self::resolve_class_head`] for the statement up to its body, then for
/// each body statement [`Self::build_class_stmt`],
/// [`Self::resolve_class_own`] and [`Self::resolve_class_nested`]. This
/// needs no view of the whole body: at the top level nothing encloses the
/// class, so its own names resolve by their flags alone, as the module's
/// do (and a `global` declaration must come before any use), and the
/// scopes its statements nest see only `__class__` from outside (which
/// makes the class's one cell when they use it). The scopes one body
/// statement nests are replaced by the next's. The errors are those of the
/// whole class's analysis provided that a caller ranks an error in the
/// class's own names (`resolve_class_own`) ahead of one in the scopes its
/// statements nest (`resolve_class_nested`) met earlier in the body.
impl SymbolTable {
    /// Collects the names of top-level class statement `s` up to its body
    /// (decorators, bases, keywords, the class name) and enters the class
    /// scope, dropping the nested scopes of the statement before.
    pub fn build_class_head(&mut self, s: &Stmt) -> Result<(), CompileError> {
        self.module_scope()?;
        self.scopes.truncate(1);
        self.scopes[0].children.clear();
        self.by_node.clear();
        self.class = None;
        let StmtKind::ClassDef(c) = &s.kind else {
            return Err(err("internal error: not a class", s.line));
        };
        self.build(0, |b| b.class_head(c, s.line).map(|_| ()))?;
        self.class = Some((self.scopes.len() - 1, self.by_node.len()));
        Ok(())
    }

    /// Resolves the scopes the class header nests (in its bases, say).
    pub fn resolve_class_head(&mut self) -> Result<(), CompileError> {
        for i in 0..self.scopes[0].children.len() {
            let c = self.scopes[0].children[i];
            if Some(c) != self.class.map(|(k, _)| k) {
                resolve(&mut self.scopes, c)?;
            }
        }
        Ok(())
    }

    /// The scope of the class being analysed in pieces.
    fn class_scope(&self, line: u32) -> Result<(usize, usize), CompileError> {
        self.class
            .ok_or_else(|| err("internal error: no class open", line))
    }

    /// Collects the names of the next statement of the class body, dropping
    /// the scopes the statement before nested.
    pub fn build_class_stmt(&mut self, s: &Stmt) -> Result<(), CompileError> {
        let (k, mark) = self.class_scope(s.line)?;
        self.scopes.truncate(k + 1);
        self.scopes[k].children.clear();
        self.by_node.truncate(mark);
        self.build(k, |b| b.stmt(s))
    }

    /// Resolves the class's own names so far.
    pub fn resolve_class_own(&mut self) -> Result<(), CompileError> {
        let (k, _) = self.class_scope(0)?;
        let s = &mut self.scopes[k];
        for sym in s.symbols.iter_mut() {
            sym.scope = if sym.flags & DEF_GLOBAL != 0 {
                NameScope::GlobalExplicit
            } else if sym.flags & DEF_NONLOCAL != 0 {
                // Nothing encloses a top-level class.
                return Err(err(
                    msg!("no binding for nonlocal '{}' found", sym.name),
                    s.line,
                ));
            } else if sym.flags & (DEF_LOCAL | DEF_PARAM) != 0 {
                NameScope::Local
            } else {
                NameScope::GlobalImplicit
            };
        }
        Ok(())
    }

    /// Resolves the scopes the last class body statement nests; a use of
    /// `__class__` among them makes it the class's cell.
    pub fn resolve_class_nested(&mut self) -> Result<(), CompileError> {
        let (k, _) = self.class_scope(0)?;
        for i in 0..self.scopes[k].children.len() {
            let c = self.scopes[k].children[i];
            // Seen from the class's nested scopes, only `__class__` is bound
            // outside ([`bound_for_children`]).
            resolve(&mut self.scopes, c)?;
            let frees = core::mem::take(&mut self.scopes[c].freevars);
            let s = &mut self.scopes[k];
            let ok = frees.iter().all(|n| {
                let set = if n == "__class__" {
                    &mut s.cellvars
                } else {
                    &mut s.freevars
                };
                insert_sorted(set, n)
            });
            self.scopes[c].freevars = frees;
            if !ok {
                return Err(CompileError::memory(self.scopes[c].line));
            }
        }
        Ok(())
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Ctx {
    Load,
    Store,
    Del,
}

struct Builder {
    scopes: Vec<Scope>,
    by_node: Vec<((usize, u8), usize)>,
    cur: usize,
    stack_floor: usize,
}

fn err(msg: impl Into<crate::error::Msg>, line: u32) -> CompileError {
    CompileError::syntax(msg, line, 0)
}

impl Builder {
    fn scope(&mut self) -> &mut Scope {
        &mut self.scopes[self.cur]
    }

    fn enter(
        &mut self,
        kind: ScopeKind,
        name: &str,
        line: u32,
        key: (usize, u8),
    ) -> Result<usize, CompileError> {
        let id = self.scopes.len();
        let mut text = String::new();
        if text.try_reserve_exact(name.len()).is_err()
            || self.scopes.try_reserve(1).is_err()
            || self.scopes[self.cur].children.try_reserve(1).is_err()
            || self.by_node.try_reserve(1).is_err()
        {
            return Err(CompileError::memory(line));
        }
        text.push_str(name);
        let mut scope = Scope::new(kind, line, Some(self.cur));
        scope.name = text;
        self.scopes.push(scope);
        self.scopes[self.cur].children.push(id);
        self.by_node.push((key, id));
        let prev = self.cur;
        self.cur = id;
        Ok(prev)
    }

    fn stmts(&mut self, body: &[Stmt]) -> Result<(), CompileError> {
        for s in body {
            self.stmt(s)?;
        }
        Ok(())
    }

    fn param(&mut self, a: &ast::Arg) -> Result<(), CompileError> {
        if self.scope().flags(&a.name) & DEF_PARAM != 0 {
            return Err(err(
                msg!("duplicate argument '{}' in function definition", a.name),
                a.line,
            ));
        }
        self.scope().add(&a.name, DEF_PARAM | DEF_LOCAL);
        self.scope().add_param(&a.name);
        Ok(())
    }

    fn arguments_outer(&mut self, args: &ast::Arguments) -> Result<(), CompileError> {
        self.exprs(&args.defaults)?;
        for d in args.kw_defaults.iter().flatten() {
            self.expr(d, Ctx::Load)?;
        }
        Ok(())
    }

    fn arguments_inner(&mut self, args: &ast::Arguments) -> Result<(), CompileError> {
        for a in args
            .posonlyargs
            .iter()
            .chain(&args.args)
            .chain(&args.kwonlyargs)
        {
            self.param(a)?;
        }
        if let Some(a) = &args.vararg {
            self.param(a)?;
        }
        if let Some(a) = &args.kwarg {
            self.param(a)?;
        }
        Ok(())
    }

    fn declare(
        &mut self,
        names: &[ast::Ident],
        global: bool,
        line: u32,
    ) -> Result<(), CompileError> {
        let kind = if global { "global" } else { "nonlocal" };
        if !global && self.scope().kind == ScopeKind::Module {
            return Err(err(
                "nonlocal declaration not allowed at module level",
                line,
            ));
        }
        for n in names {
            let f = self.scope().flags(n);
            let msg = if f & DEF_PARAM != 0 {
                Some(msg!("name '{n}' is parameter and {kind}"))
            } else if (global && f & DEF_NONLOCAL != 0) || (!global && f & DEF_GLOBAL != 0) {
                Some(msg!("name '{n}' is nonlocal and global"))
            } else if f & USE != 0 {
                Some(msg!("name '{n}' is used prior to {kind} declaration"))
            } else if f & DEF_LOCAL != 0 {
                Some(msg!("name '{n}' is assigned to before {kind} declaration"))
            } else {
                None
            };
            if let Some(m) = msg {
                return Err(err(m, line));
            }
            self.scope()
                .add(n, if global { DEF_GLOBAL } else { DEF_NONLOCAL });
        }
        Ok(())
    }

    fn stmt(&mut self, s: &Stmt) -> Result<(), CompileError> {
        if !crate::stack_above(self.stack_floor) {
            return Err(crate::too_deep(s.line));
        }
        match &s.kind {
            StmtKind::FunctionDef(f) => {
                self.exprs(&f.decorators)?;
                self.arguments_outer(&f.args)?;
                self.scope().add(&f.name, DEF_LOCAL);
                let key = (&**f as *const ast::FunctionDef as usize, KEY_FUNC);
                let prev = self.enter(ScopeKind::Function, &f.name, s.line, key)?;
                self.scope().is_async = f.is_async;
                self.arguments_inner(&f.args)?;
                self.stmts(&f.body)?;
                self.cur = prev;
            }
            StmtKind::ClassDef(c) => {
                let prev = self.class_head(c, s.line)?;
                self.stmts(&c.body)?;
                self.cur = prev;
            }
            StmtKind::Return(v) => {
                if let Some(v) = v {
                    self.expr(v, Ctx::Load)?;
                }
            }
            StmtKind::Delete(ts) => {
                for t in ts {
                    self.expr(t, Ctx::Del)?;
                }
            }
            StmtKind::Assign { targets, value } => {
                self.expr(value, Ctx::Load)?;
                for t in targets {
                    self.expr(t, Ctx::Store)?;
                }
            }
            StmtKind::AugAssign { target, value, .. } => {
                self.expr(value, Ctx::Load)?;
                self.expr(target, Ctx::Load)?;
                self.expr(target, Ctx::Store)?;
            }
            StmtKind::AnnAssign { target, value, .. } => {
                if let Some(v) = value {
                    self.expr(v, Ctx::Load)?;
                }
                self.expr(target, Ctx::Store)?;
            }
            StmtKind::For {
                target,
                iter,
                body,
                orelse,
                is_async,
            } => {
                if *is_async {
                    self.scope().has_await = true;
                }
                self.expr(iter, Ctx::Load)?;
                self.expr(target, Ctx::Store)?;
                self.stmts(body)?;
                self.stmts(orelse)?;
            }
            StmtKind::While { test, body, orelse } | StmtKind::If { test, body, orelse } => {
                self.expr(test, Ctx::Load)?;
                self.stmts(body)?;
                self.stmts(orelse)?;
            }
            StmtKind::With {
                items,
                body,
                is_async,
            } => {
                if *is_async {
                    self.scope().has_await = true;
                }
                for it in items {
                    self.expr(&it.context, Ctx::Load)?;
                    if let Some(t) = &it.target {
                        self.expr(t, Ctx::Store)?;
                    }
                }
                self.stmts(body)?;
            }
            StmtKind::Raise { exc, cause } => {
                if let Some(e) = exc {
                    self.expr(e, Ctx::Load)?;
                }
                if let Some(e) = cause {
                    self.expr(e, Ctx::Load)?;
                }
            }
            StmtKind::Try(t) => {
                let (body, handlers, orelse, finalbody) =
                    (&t.body, &t.handlers, &t.orelse, &t.finalbody);
                self.stmts(body)?;
                for h in handlers {
                    if let Some(t) = &h.typ {
                        self.expr(t, Ctx::Load)?;
                    }
                    if let Some(n) = &h.name {
                        self.scope().add(n, DEF_LOCAL);
                    }
                    self.stmts(&h.body)?;
                }
                self.stmts(orelse)?;
                self.stmts(finalbody)?;
            }
            StmtKind::Assert { test, msg } => {
                self.expr(test, Ctx::Load)?;
                if let Some(m) = msg {
                    self.expr(m, Ctx::Load)?;
                }
            }
            StmtKind::Import(names) => {
                for a in names {
                    let bound = match &a.asname {
                        Some(n) => n.as_str(),
                        None => a.name.split('.').next().unwrap_or(""),
                    };
                    self.scope().add(bound, DEF_LOCAL);
                }
            }
            StmtKind::ImportFrom { names, .. } => {
                for a in names {
                    if a.name == "*" {
                        continue;
                    }
                    let bound = a.asname.as_ref().unwrap_or(&a.name);
                    self.scope().add(bound, DEF_LOCAL);
                }
            }
            StmtKind::Global(ns) => self.declare(ns, true, s.line)?,
            StmtKind::Nonlocal(ns) => self.declare(ns, false, s.line)?,
            StmtKind::Expr(e) => self.expr(e, Ctx::Load)?,
            StmtKind::Match(m) => {
                self.expr(&m.subject, Ctx::Load)?;
                for c in &m.cases {
                    self.pattern(&c.pattern)?;
                    if let Some(g) = &c.guard {
                        self.expr(g, Ctx::Load)?;
                    }
                    self.stmts(&c.body)?;
                }
            }
            StmtKind::Pass | StmtKind::Break | StmtKind::Continue => {}
        }
        Ok(())
    }

    /// The names a pattern binds and the expressions it evaluates.
    fn pattern(&mut self, p: &ast::Pattern) -> Result<(), CompileError> {
        use ast::PatternKind as K;
        if !crate::stack_above(self.stack_floor) {
            return Err(crate::too_deep(p.line));
        }
        match &p.kind {
            K::Value(e) => self.expr(e, Ctx::Load)?,
            K::Singleton(_) | K::Star(None) => {}
            K::Star(Some(n)) => self.name(n, Ctx::Store),
            K::Sequence(ps) | K::Or(ps) => {
                for q in ps {
                    self.pattern(q)?;
                }
            }
            K::Mapping(m) => {
                self.exprs(&m.keys)?;
                for q in &m.patterns {
                    self.pattern(q)?;
                }
                if let Some(n) = &m.rest {
                    self.name(n, Ctx::Store);
                }
            }
            K::Class(c) => {
                self.expr(&c.cls, Ctx::Load)?;
                for q in c.patterns.iter().chain(&c.kwd_patterns) {
                    self.pattern(q)?;
                }
            }
            K::As(q, n) => {
                if let Some(q) = q {
                    self.pattern(q)?;
                }
                if let Some(n) = n {
                    self.name(n, Ctx::Store);
                }
            }
        }
        Ok(())
    }

    /// A class statement up to its body: the names of its decorators,
    /// bases and keywords, its own name; then enters the class scope
    /// (returning the scope to go back to).
    fn class_head(&mut self, c: &ast::ClassDef, line: u32) -> Result<usize, CompileError> {
        self.exprs(&c.decorators)?;
        self.exprs(&c.bases)?;
        for k in &c.keywords {
            self.expr(&k.value, Ctx::Load)?;
        }
        self.scope().add(&c.name, DEF_LOCAL);
        let key = (c as *const ast::ClassDef as usize, KEY_CLASS);
        self.enter(ScopeKind::Class, &c.name, line, key)
    }

    fn exprs(&mut self, es: &[Expr]) -> Result<(), CompileError> {
        for e in es {
            self.expr(e, Ctx::Load)?;
        }
        Ok(())
    }

    fn name(&mut self, n: &str, ctx: Ctx) {
        match ctx {
            Ctx::Load => {
                self.scope().add(n, USE);
                let k = self.scope().kind;
                if (n == "super" || n == "__class__")
                    && k != ScopeKind::Module
                    && k != ScopeKind::Class
                {
                    self.scope().add("__class__", USE);
                }
            }
            Ctx::Store | Ctx::Del => self.scope().add(n, DEF_LOCAL),
        }
    }

    /// Binds a walrus target: in a comprehension, in the nearest enclosing
    /// non-comprehension scope.
    fn walrus_target(&mut self, n: &str, line: u32) -> Result<(), CompileError> {
        if self.scope().kind != ScopeKind::Comprehension {
            self.scope().add(n, DEF_LOCAL);
            return Ok(());
        }
        let mut s = self.cur;
        while self.scopes[s].kind == ScopeKind::Comprehension {
            if self.scopes[s].flags(n) & DEF_COMP_ITER != 0 {
                return Err(err(
                    msg!("assignment expression cannot rebind comprehension iteration variable '{n}'"),
                    line,
                ));
            }
            match self.scopes[s].parent {
                Some(p) => s = p,
                None => break,
            }
        }
        let outer = &mut self.scopes[s];
        let flag =
            match outer.kind {
                ScopeKind::Class => return Err(err(
                    "assignment expression within a comprehension cannot be used in a class body",
                    line,
                )),
                ScopeKind::Module => DEF_GLOBAL,
                _ if outer.flags(n) & DEF_GLOBAL != 0 => DEF_GLOBAL,
                _ => DEF_NONLOCAL,
            };
        outer.add(n, DEF_LOCAL);
        // The comprehensions from here out to `s`.
        let mut c = self.cur;
        while c != s {
            self.scopes[c].add(n, flag);
            match self.scopes[c].parent {
                Some(p) => c = p,
                None => break,
            }
        }
        Ok(())
    }

    fn comprehension(
        &mut self,
        e: &Expr,
        name: &str,
        gens: &[ast::Comprehension],
        elts: &[&Expr],
    ) -> Result<(), CompileError> {
        let Some(first) = gens.first() else {
            return Err(err("comprehension without 'for'", e.line));
        };
        self.expr(&first.iter, Ctx::Load)?;
        let key = (e as *const Expr as usize, KEY_EXPR);
        let prev = self.enter(ScopeKind::Comprehension, name, e.line, key)?;
        if matches!(e.kind, ExprKind::GeneratorExp { .. }) {
            self.scope().is_generator = true;
        }
        self.scope().add(".0", DEF_PARAM | DEF_LOCAL);
        self.scope().add_param(".0");
        for (i, g) in gens.iter().enumerate() {
            if i > 0 {
                self.expr(&g.iter, Ctx::Load)?;
            }
            if g.is_async {
                self.scope().has_await = true;
            }
            self.comp_target(&g.target)?;
            self.exprs(&g.ifs)?;
        }
        for x in elts {
            self.expr(x, Ctx::Load)?;
        }
        self.cur = prev;
        Ok(())
    }

    fn comp_target(&mut self, t: &Expr) -> Result<(), CompileError> {
        match &t.kind {
            ExprKind::Name(n) => {
                self.scope().add(n, DEF_LOCAL | DEF_COMP_ITER);
                Ok(())
            }
            ExprKind::Tuple(es) | ExprKind::List(es) => {
                for x in es {
                    self.comp_target(x)?;
                }
                Ok(())
            }
            ExprKind::Starred(x) => self.comp_target(x),
            _ => self.expr(t, Ctx::Store),
        }
    }

    fn expr(&mut self, e: &Expr, ctx: Ctx) -> Result<(), CompileError> {
        if !crate::stack_above(self.stack_floor) {
            return Err(crate::too_deep(e.line));
        }
        match &e.kind {
            ExprKind::Name(n) => self.name(n, ctx),
            ExprKind::BoolOp { values, .. } => self.exprs(values)?,
            ExprKind::NamedExpr { target, value } => {
                self.expr(value, Ctx::Load)?;
                match &target.kind {
                    ExprKind::Name(n) => self.walrus_target(n, e.line)?,
                    _ => {
                        return Err(err(
                            "cannot use assignment expressions with this target",
                            e.line,
                        ))
                    }
                }
            }
            ExprKind::BinOp { left, right, .. } => {
                self.expr(left, Ctx::Load)?;
                self.expr(right, Ctx::Load)?;
            }
            ExprKind::UnaryOp { operand, .. } => self.expr(operand, Ctx::Load)?,
            ExprKind::Lambda { args, body } => {
                self.arguments_outer(args)?;
                let key = (e as *const Expr as usize, KEY_EXPR);
                let prev = self.enter(ScopeKind::Lambda, "<lambda>", e.line, key)?;
                self.arguments_inner(args)?;
                self.expr(body, Ctx::Load)?;
                self.cur = prev;
            }
            ExprKind::IfExp { test, body, orelse } => {
                self.expr(test, Ctx::Load)?;
                self.expr(body, Ctx::Load)?;
                self.expr(orelse, Ctx::Load)?;
            }
            ExprKind::Dict(d) => {
                for (k, v) in d.keys.iter().zip(&d.values) {
                    if let Some(k) = k {
                        self.expr(k, Ctx::Load)?;
                    }
                    self.expr(v, Ctx::Load)?;
                }
            }
            ExprKind::Set(es) => self.exprs(es)?,
            ExprKind::ListComp { elt, generators } => {
                self.comprehension(e, "<listcomp>", generators, &[elt])?
            }
            ExprKind::SetComp { elt, generators } => {
                self.comprehension(e, "<setcomp>", generators, &[elt])?
            }
            ExprKind::GeneratorExp { elt, generators } => {
                self.comprehension(e, "<genexpr>", generators, &[elt])?
            }
            ExprKind::DictComp(d) => {
                self.comprehension(e, "<dictcomp>", &d.generators, &[&d.key, &d.value])?
            }
            ExprKind::Await(x) => {
                self.scope().has_await = true;
                self.expr(x, Ctx::Load)?;
            }
            ExprKind::Yield(x) => {
                self.yield_here(e.line)?;
                if let Some(x) = x {
                    self.expr(x, Ctx::Load)?;
                }
            }
            ExprKind::YieldFrom(x) => {
                self.yield_here(e.line)?;
                if self.scope().is_async {
                    return Err(err("'yield from' inside async function", e.line));
                }
                self.expr(x, Ctx::Load)?;
            }
            ExprKind::Compare(c) => {
                self.expr(&c.left, Ctx::Load)?;
                self.exprs(&c.comparators)?;
            }
            ExprKind::Call(c) => {
                let CallExpr {
                    func,
                    args,
                    keywords,
                } = &**c;
                self.expr(func, Ctx::Load)?;
                self.exprs(args)?;
                for k in keywords {
                    self.expr(&k.value, Ctx::Load)?;
                }
            }
            ExprKind::FormattedValue { value, spec, .. } => {
                self.expr(value, Ctx::Load)?;
                if let Some(s) = spec {
                    self.expr(s, Ctx::Load)?;
                }
            }
            ExprKind::JoinedStr(es) | ExprKind::TemplateStr(es) => self.exprs(es)?,
            ExprKind::Interpolation(i) => {
                self.expr(&i.value, Ctx::Load)?;
                if let Some(s) = &i.spec {
                    self.expr(s, Ctx::Load)?;
                }
            }
            ExprKind::Constant(_) => {}
            ExprKind::Attribute { value, .. } => self.expr(value, Ctx::Load)?,
            ExprKind::Subscript { value, slice } => {
                self.expr(value, Ctx::Load)?;
                self.expr(slice, Ctx::Load)?;
            }
            ExprKind::Starred(x) => self.expr(x, ctx)?,
            ExprKind::List(es) | ExprKind::Tuple(es) => {
                for x in es {
                    self.expr(x, ctx)?;
                }
            }
            ExprKind::Slice { lower, upper, step } => {
                for x in [lower, upper, step].into_iter().flatten() {
                    self.expr(x, Ctx::Load)?;
                }
            }
        }
        Ok(())
    }

    fn yield_here(&mut self, line: u32) -> Result<(), CompileError> {
        let s = self.scope();
        match s.kind {
            ScopeKind::Module | ScopeKind::Class => Err(err("'yield' outside function", line)),
            ScopeKind::Comprehension => {
                let what = match s.name.as_str() {
                    "<listcomp>" => "list comprehension",
                    "<setcomp>" => "set comprehension",
                    "<dictcomp>" => "dict comprehension",
                    _ => "generator expression",
                };
                Err(err(msg!("'yield' inside {what}"), line))
            }
            _ => {
                s.is_generator = true;
                Ok(())
            }
        }
    }
}

/// Is `name` bound, as the scopes nested in scope `p` see it, by an
/// enclosing function (so that one of them using it reaches it through the
/// closure)? A class passes on what encloses it, and `__class__`; a module
/// binds nothing for them. Scope `p` is resolved already (scopes are
/// resolved from the outside in), and a top-level class being analysed in
/// pieces counts by its flags alone.
fn bound_for_children(scopes: &[Scope], mut p: usize, name: &str) -> bool {
    loop {
        let s = &scopes[p];
        match s.kind {
            ScopeKind::Module => return false,
            ScopeKind::Class if name == "__class__" => return true,
            _ if s.flags(name) & DEF_GLOBAL != 0 => return false,
            _ if s.is_function_like()
                && matches!(
                    s.lookup(name),
                    NameScope::Local | NameScope::Free | NameScope::Cell
                ) =>
            {
                return true
            }
            _ => {}
        }
        match s.parent {
            Some(q) => p = q,
            None => return false,
        }
    }
}

/// Adds `name` to a sorted list of names unless it is there; false if
/// there is no memory for it.
fn insert_sorted(set: &mut Vec<String>, name: &str) -> bool {
    match set.binary_search_by(|x| x.as_str().cmp(name)) {
        Ok(_) => true,
        Err(at) => match crate::try_string(name).filter(|_| set.try_reserve(1).is_ok()) {
            Some(n) => {
                set.insert(at, n);
                true
            }
            None => false,
        },
    }
}

/// Resolves the names of scope `id` and of the scopes it nests, and works
/// out its cells and the free variables it needs from outside
/// (`freevars`, which the enclosing scope reads).
fn resolve(scopes: &mut [Scope], id: usize) -> Result<(), CompileError> {
    let kind = scopes[id].kind;
    let parent = scopes[id].parent;
    let line = scopes[id].line;
    let oom = || CompileError::memory(line);
    scopes[id].cellvars.clear();
    scopes[id].freevars.clear();
    for i in 0..scopes[id].symbols.len() {
        let sym = &scopes[id].symbols[i];
        let bound = parent.is_some_and(|p| bound_for_children(scopes, p, &sym.name));
        let scope = if sym.flags & DEF_GLOBAL != 0 {
            NameScope::GlobalExplicit
        } else if sym.flags & DEF_NONLOCAL != 0 {
            if !bound {
                return Err(err(
                    msg!("no binding for nonlocal '{}' found", sym.name),
                    line,
                ));
            }
            NameScope::Free
        } else if sym.flags & (DEF_LOCAL | DEF_PARAM) != 0 {
            NameScope::Local
        } else if kind != ScopeKind::Module && bound {
            NameScope::Free
        } else {
            NameScope::GlobalImplicit
        };
        let s = &mut scopes[id];
        s.symbols[i].scope = scope;
        if scope == NameScope::Free && !insert_sorted(&mut s.freevars, &s.symbols[i].name) {
            return Err(oom());
        }
    }
    let function_like = scopes[id].is_function_like();
    for k in 0..scopes[id].children.len() {
        let c = scopes[id].children[k];
        resolve(scopes, c)?;
        // What the child needs from outside is a cell here, or comes from
        // further out.
        let frees = core::mem::take(&mut scopes[c].freevars);
        let s = &mut scopes[id];
        let ok = frees.iter().all(|n| {
            let own = s.get(n);
            match own.map(|i| s.symbols[i].scope) {
                Some(NameScope::Local) if function_like => {
                    if let Some(i) = own {
                        s.symbols[i].scope = NameScope::Cell;
                    }
                    insert_sorted(&mut s.cellvars, n)
                }
                Some(NameScope::Cell) if function_like => true,
                _ if kind == ScopeKind::Class && n == "__class__" => {
                    insert_sorted(&mut s.cellvars, n)
                }
                _ => insert_sorted(&mut s.freevars, n),
            }
        });
        scopes[c].freevars = frees;
        if !ok {
            return Err(oom());
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests;
