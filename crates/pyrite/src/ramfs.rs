//! A filesystem in RAM for boards without storage: directories, files and
//! open handles over the Rust allocator, with the semantics of the `Port`
//! filesystem hooks (errno results, paths absolute or relative to a current
//! directory). A board keeps one in its `Port` and forwards the hooks to it,
//! so it survives soft resets (which keep the port) but not a reboot.
//!
//! Every allocation is fallible (`try_reserve`): a full heap gives ENOSPC,
//! never an allocation failure that aborts.

use alloc::string::String;
use alloc::vec::Vec;

mod data;

use data::FileData;

use crate::port::{DirEntry, FileStat, FsStat, OpenMode, Whence, EBADF};

const ENOENT: i32 = 2;
const EEXIST: i32 = 17;
const ENOTDIR: i32 = 20;
const EISDIR: i32 = 21;
const EINVAL: i32 = 22;
const ENOSPC: i32 = 28;
const ENOTEMPTY: i32 = 39;
const EPERM: i32 = 1;

/// The first handle number (0, 1 and 2 are the console's).
const FIRST_HANDLE: i32 = 3;
/// Inode of the root directory.
const ROOT: usize = 0;

enum Node {
    /// (name, inode) of each entry.
    Dir(Vec<(String, usize)>),
    File(FileData),
}

struct Handle {
    ino: usize,
    pos: usize,
    read: bool,
    write: bool,
    append: bool,
}

/// The filesystem: a table of inodes (0 is `/`), the current directory and open files.
pub struct RamFs {
    nodes: Vec<Option<Node>>,
    /// Normalised absolute path, `/` or `/a/b` (no trailing slash).
    cwd: String,
    handles: Vec<Option<Handle>>,
    /// Inodes removed from their directory while open: freed at the last close.
    orphans: Vec<usize>,
}

impl Default for RamFs {
    fn default() -> Self {
        Self::new()
    }
}

/// `v.push(x)` without aborting when the heap is full.
fn push<T>(v: &mut Vec<T>, x: T) -> Result<(), i32> {
    v.try_reserve(1).map_err(|_| ENOSPC)?;
    v.push(x);
    Ok(())
}

fn string(s: &str) -> Result<String, i32> {
    let mut o = String::new();
    o.try_reserve_exact(s.len()).map_err(|_| ENOSPC)?;
    o.push_str(s);
    Ok(o)
}

impl RamFs {
    /// An empty filesystem (no allocation until something is created).
    pub const fn new() -> RamFs {
        RamFs {
            nodes: Vec::new(),
            cwd: String::new(),
            handles: Vec::new(),
            orphans: Vec::new(),
        }
    }

    fn ensure_root(&mut self) -> Result<(), i32> {
        if self.nodes.is_empty() {
            push(&mut self.nodes, Some(Node::Dir(Vec::new())))?;
        }
        Ok(())
    }

    /// The components of `path` made absolute and with `.`/`..` applied.
    fn components<'a>(&'a self, path: &'a str) -> Result<Vec<&'a str>, i32> {
        if path.is_empty() {
            return Err(ENOENT);
        }
        let mut out: Vec<&str> = Vec::new();
        let base = if path.starts_with('/') { "" } else { &self.cwd };
        for c in base.split('/').chain(path.split('/')) {
            match c {
                "" | "." => {}
                ".." => {
                    out.pop();
                }
                c => push(&mut out, c)?,
            }
        }
        Ok(out)
    }

    fn child(&self, dir: usize, name: &str) -> Result<Option<usize>, i32> {
        match self.nodes.get(dir) {
            Some(Some(Node::Dir(es))) => Ok(es.iter().find(|e| e.0 == name).map(|e| e.1)),
            Some(Some(Node::File(_))) => Err(ENOTDIR),
            _ => Err(ENOENT),
        }
    }

    fn walk(&self, comps: &[&str]) -> Result<usize, i32> {
        let mut ino = ROOT;
        if self.nodes.is_empty() {
            return if comps.is_empty() {
                Ok(ROOT)
            } else {
                Err(ENOENT)
            };
        }
        for c in comps {
            ino = self.child(ino, c)?.ok_or(ENOENT)?;
        }
        Ok(ino)
    }

    /// The inode `path` names.
    fn lookup(&self, path: &str) -> Result<usize, i32> {
        self.walk(&self.components(path)?)
    }

    /// (parent directory inode, last name) of `path`; EINVAL for `/` itself.
    fn parent(&self, path: &str) -> Result<(usize, String), i32> {
        let comps = self.components(path)?;
        let (last, dir) = comps.split_last().ok_or(EINVAL)?;
        let d = self.walk(dir)?;
        match self.nodes.get(d) {
            Some(Some(Node::Dir(_))) => Ok((d, string(last)?)),
            Some(Some(Node::File(_))) => Err(ENOTDIR),
            _ => Err(ENOENT),
        }
    }

    fn is_open(&self, ino: usize) -> bool {
        self.handles.iter().flatten().any(|h| h.ino == ino)
    }

    /// Adds `node` as `name` in `dir`, returning its inode.
    fn create(&mut self, dir: usize, name: String, node: Node) -> Result<usize, i32> {
        let slot = self.nodes.iter().position(|n| n.is_none());
        let ino = match slot {
            Some(i) => i,
            None => {
                push(&mut self.nodes, None)?;
                self.nodes.len() - 1
            }
        };
        let Some(Some(Node::Dir(es))) = self.nodes.get_mut(dir) else {
            return Err(ENOTDIR);
        };
        push(es, (name, ino))?;
        self.nodes[ino] = Some(node);
        Ok(ino)
    }

    /// Takes `name` out of `dir`; frees the inode unless it is open.
    fn unlink(&mut self, dir: usize, name: &str) {
        let Some(Some(Node::Dir(es))) = self.nodes.get_mut(dir) else {
            return;
        };
        let Some(i) = es.iter().position(|e| e.0 == name) else {
            return;
        };
        let ino = es.swap_remove(i).1;
        if self.is_open(ino) && push(&mut self.orphans, ino).is_ok() {
            return;
        }
        self.nodes[ino] = None;
    }

    // Files.

    /// Opens (maybe creating) a file; returns a handle of 3 or more.
    pub fn open(&mut self, path: &str, m: OpenMode) -> Result<i32, i32> {
        self.ensure_root()?;
        let (dir, name) = self
            .parent(path)
            .map_err(|e| if e == EINVAL { EISDIR } else { e })?;
        let ino = match self.child(dir, &name)? {
            Some(ino) => {
                if m.exclusive {
                    return Err(EEXIST);
                }
                match &mut self.nodes[ino] {
                    Some(Node::File(data)) => {
                        if m.truncate {
                            *data = FileData::default();
                        }
                    }
                    _ => return Err(EISDIR),
                }
                ino
            }
            None if m.create => self.create(dir, name, Node::File(FileData::default()))?,
            None => return Err(ENOENT),
        };
        let h = Handle {
            ino,
            pos: 0,
            read: m.read,
            write: m.write || m.append,
            append: m.append,
        };
        let slot = match self.handles.iter().position(|h| h.is_none()) {
            Some(i) => i,
            None => {
                push(&mut self.handles, None)?;
                self.handles.len() - 1
            }
        };
        self.handles[slot] = Some(h);
        Ok(slot as i32 + FIRST_HANDLE)
    }

    /// Is `h` one of this filesystem's open handles?
    pub fn owns(&self, h: i32) -> bool {
        self.slot(h).is_some()
    }

    fn slot(&self, h: i32) -> Option<usize> {
        let i = usize::try_from(h.checked_sub(FIRST_HANDLE)?).ok()?;
        self.handles.get(i)?.as_ref().map(|_| i)
    }

    /// The handle and the bytes of its file.
    fn file(&mut self, h: i32) -> Result<(&mut Handle, &mut FileData), i32> {
        let i = self.slot(h).ok_or(EBADF)?;
        let hd = self.handles[i].as_mut().ok_or(EBADF)?;
        match self.nodes.get_mut(hd.ino) {
            Some(Some(Node::File(d))) => Ok((hd, d)),
            _ => Err(EBADF),
        }
    }

    pub fn read(&mut self, h: i32, buf: &mut [u8]) -> Result<usize, i32> {
        let (hd, data) = self.file(h)?;
        if !hd.read {
            return Err(EBADF);
        }
        let n = data.read_at(hd.pos, buf);
        hd.pos += n;
        Ok(n)
    }

    pub fn write(&mut self, h: i32, src: &[u8]) -> Result<usize, i32> {
        let (hd, data) = self.file(h)?;
        if !hd.write {
            return Err(EBADF);
        }
        if hd.append {
            hd.pos = data.len();
        }
        data.write_at(hd.pos, src).map_err(|_| ENOSPC)?;
        hd.pos += src.len();
        Ok(src.len())
    }

    pub fn seek(&mut self, h: i32, off: i64, whence: Whence) -> Result<u64, i32> {
        let (hd, data) = self.file(h)?;
        let base = match whence {
            Whence::Start => 0,
            Whence::Current => hd.pos as i64,
            Whence::End => data.len() as i64,
        };
        let to = base.checked_add(off).filter(|&p| p >= 0).ok_or(EINVAL)?;
        hd.pos = usize::try_from(to).map_err(|_| EINVAL)?;
        Ok(to as u64)
    }

    pub fn close(&mut self, h: i32) -> Result<(), i32> {
        let i = self.slot(h).ok_or(EBADF)?;
        let ino = self.handles[i].take().map_or(usize::MAX, |hd| hd.ino);
        self.handles.truncate(
            self.handles
                .iter()
                .rposition(|h| h.is_some())
                .map_or(0, |p| p + 1),
        );
        if let Some(k) = self.orphans.iter().position(|&o| o == ino) {
            if !self.is_open(ino) {
                self.orphans.swap_remove(k);
                self.nodes[ino] = None;
            }
        }
        Ok(())
    }

    /// A soft reset: closes every handle and goes back to `/` (the files stay).
    pub fn soft_reset(&mut self) {
        self.cwd = String::new();
        self.handles = Vec::new();
        for ino in core::mem::take(&mut self.orphans) {
            self.nodes[ino] = None;
        }
    }

    /// A copy of a whole file (for imports); ENOMEM without room for it.
    pub fn read_file(&self, path: &str) -> Result<Vec<u8>, i32> {
        match self.nodes.get(self.lookup(path)?) {
            Some(Some(Node::File(d))) => d.to_vec().ok_or(crate::port::ENOMEM),
            Some(Some(Node::Dir(_))) => Err(EISDIR),
            _ => Err(ENOENT),
        }
    }

    pub fn is_dir(&self, path: &str) -> bool {
        let ino = self.lookup(path);
        ino.is_ok_and(|i| i == ROOT || matches!(self.nodes.get(i), Some(Some(Node::Dir(_)))))
    }

    // Directories.

    pub fn listdir(&self, path: &str) -> Result<Vec<DirEntry>, i32> {
        let ino = self.lookup(path)?;
        let mut out = Vec::new();
        let es = match self.nodes.get(ino) {
            Some(Some(Node::Dir(es))) => es,
            Some(Some(Node::File(_))) => return Err(ENOTDIR),
            _ if ino == ROOT => return Ok(out),
            _ => return Err(ENOENT),
        };
        out.try_reserve_exact(es.len()).map_err(|_| ENOSPC)?;
        for (name, i) in es {
            let (is_dir, size) = match &self.nodes[*i] {
                Some(Node::File(d)) => (false, d.len() as u64),
                _ => (true, 0),
            };
            out.push(DirEntry {
                name: string(name)?,
                is_dir,
                inode: *i as u64,
                size,
            });
        }
        Ok(out)
    }

    pub fn stat(&self, path: &str) -> Result<FileStat, i32> {
        let ino = self.lookup(path)?;
        let (mode, size) = match self.nodes.get(ino) {
            Some(Some(Node::File(d))) => (0o100000, d.len() as u64),
            Some(Some(Node::Dir(_))) => (0o040000, 0),
            _ if ino == ROOT => (0o040000, 0),
            _ => return Err(ENOENT),
        };
        Ok(FileStat {
            mode,
            ino: ino as u64,
            nlink: 1,
            size,
            ..FileStat::default()
        })
    }

    /// `statvfs`, in 512-byte blocks of the memory the files draw from.
    pub fn statvfs(&self, path: &str, total: usize, free: usize) -> Result<FsStat, i32> {
        self.lookup(path)?;
        const B: u64 = 512;
        Ok(FsStat {
            bsize: B,
            frsize: B,
            blocks: total as u64 / B,
            bfree: free as u64 / B,
            bavail: free as u64 / B,
            namemax: 255,
            ..FsStat::default()
        })
    }

    pub fn mkdir(&mut self, path: &str) -> Result<(), i32> {
        self.ensure_root()?;
        let (dir, name) = self
            .parent(path)
            .map_err(|e| if e == EINVAL { EEXIST } else { e })?;
        if self.child(dir, &name)?.is_some() {
            return Err(EEXIST);
        }
        self.create(dir, name, Node::Dir(Vec::new())).map(|_| ())
    }

    pub fn rmdir(&mut self, path: &str) -> Result<(), i32> {
        let (dir, name) = self
            .parent(path)
            .map_err(|e| if e == EINVAL { EPERM } else { e })?;
        let ino = self.child(dir, &name)?.ok_or(ENOENT)?;
        match &self.nodes[ino] {
            Some(Node::Dir(es)) if es.is_empty() => {}
            Some(Node::Dir(_)) => return Err(ENOTEMPTY),
            _ => return Err(ENOTDIR),
        }
        self.unlink(dir, &name);
        Ok(())
    }

    pub fn remove(&mut self, path: &str) -> Result<(), i32> {
        let (dir, name) = self
            .parent(path)
            .map_err(|e| if e == EINVAL { EISDIR } else { e })?;
        let ino = self.child(dir, &name)?.ok_or(ENOENT)?;
        if matches!(self.nodes[ino], Some(Node::Dir(_))) {
            return Err(EISDIR);
        }
        self.unlink(dir, &name);
        Ok(())
    }

    /// Moves `from` to `to`, replacing a file there (or an empty directory by a directory).
    pub fn rename(&mut self, from: &str, to: &str) -> Result<(), i32> {
        let src = self.components(from)?;
        let dst = self.components(to)?;
        if src.is_empty() || dst.is_empty() {
            return Err(EINVAL);
        }
        if dst.len() > src.len() && dst[..src.len()] == src[..] {
            return Err(EINVAL); // a directory into itself
        }
        let (sdir, sname) = self.parent(from)?;
        let ino = self.child(sdir, &sname)?.ok_or(ENOENT)?;
        let (ddir, dname) = self.parent(to)?;
        if sdir == ddir && sname == dname {
            return Ok(());
        }
        let src_is_dir = matches!(self.nodes[ino], Some(Node::Dir(_)));
        if let Some(old) = self.child(ddir, &dname)? {
            match (&self.nodes[old], src_is_dir) {
                (Some(Node::Dir(_)), false) => return Err(EISDIR),
                (Some(Node::Dir(es)), true) if !es.is_empty() => return Err(ENOTEMPTY),
                (Some(Node::File(_)), true) => return Err(ENOTDIR),
                _ => {}
            }
        }
        // Room for the new entry first, so a full heap changes nothing.
        if let Some(Some(Node::Dir(es))) = self.nodes.get_mut(ddir) {
            es.try_reserve(1).map_err(|_| ENOSPC)?;
        }
        if self.child(ddir, &dname)?.is_some() {
            self.unlink(ddir, &dname);
        }
        if let Some(Some(Node::Dir(es))) = self.nodes.get_mut(sdir) {
            es.retain(|e| e.1 != ino);
        }
        if let Some(Some(Node::Dir(es))) = self.nodes.get_mut(ddir) {
            es.push((dname, ino));
        }
        Ok(())
    }

    pub fn getcwd(&self) -> Result<String, i32> {
        string(if self.cwd.is_empty() { "/" } else { &self.cwd })
    }

    pub fn chdir(&mut self, path: &str) -> Result<(), i32> {
        if !self.is_dir(path) {
            return Err(if self.lookup(path).is_ok() {
                ENOTDIR
            } else {
                ENOENT
            });
        }
        let mut s = String::new();
        for c in self.components(path)? {
            s.try_reserve(c.len() + 1).map_err(|_| ENOSPC)?;
            s.push('/');
            s.push_str(c);
        }
        self.cwd = s;
        Ok(())
    }
}

#[cfg(test)]
mod tests;
