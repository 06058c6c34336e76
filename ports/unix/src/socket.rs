//! `socket` (and `usocket`): MicroPython's unix-port socket module over the
//! host's BSD sockets.
//!
//! A socket is an extension object whose slot [`HANDLE`] is its port handle
//! ([`HANDLE_BASE`] + the host descriptor, -1 once closed), so `select.poll`
//! asks it through `Port::poll_handles` (its type has `tflags::POLL_HANDLE`).
//! A socket dropped while open is closed by the collector's finaliser
//! (`ext::new_with_handle`, then `Port::file_close`). Descriptors are
//! always non-blocking on the host: a blocking call waits in `poll(2)`
//! slices of at most 10 ms, checking Ctrl-C between them, until its timeout
//! (an OSError), or, for a non-blocking socket, fails with EAGAIN at once.
//! Addresses are MicroPython's: the host's `sockaddr` bytes (`getaddrinfo`'s
//! last item, `accept` and `recvfrom`'s address).

use std::time::{Duration, Instant};

use pyrite::obj::Gc;
use pyrite::obj::{tflags, Args, Layout, Member, NativeFn, Slots, TypeObj};
use pyrite::objects::buffer::buffer_of;
use pyrite::objects::ext::{self, ExtObj};
use pyrite::objects::stream::os_error;
use pyrite::objects::{array, bytes, str as pystr, tuple};
use pyrite::qstr::q;
use pyrite::vm::Kw;
use pyrite::{PyResult, Value, Vm};

/// Port handles from here up are sockets (the host descriptor added).
pub const HANDLE_BASE: i32 = 1 << 30;

const HANDLE: usize = 0;
/// The timeout in ms; negative: none (blocking).
const TIMEOUT: usize = 1;

/// The host descriptor of a socket handle, if `h` is one.
pub fn host_fd(h: i32) -> Option<i32> {
    (h >= HANDLE_BASE).then_some(h - HANDLE_BASE)
}

fn errno() -> i32 {
    std::io::Error::last_os_error()
        .raw_os_error()
        .unwrap_or(libc::EIO)
}

fn this(vm: &mut Vm, v: Value) -> PyResult<Gc<ExtObj>> {
    ext::of(v, &SOCKET_TYPE).ok_or_else(|| vm.type_error("expecting a socket"))
}

/// The open socket's host descriptor (EBADF once closed).
fn fd(vm: &mut Vm, v: Value) -> PyResult<i32> {
    let s = this(vm, v)?;
    match i32::try_from(s.int(HANDLE)).ok().and_then(host_fd) {
        Some(fd) => Ok(fd),
        None => Err(os_error(vm, libc::EBADF)),
    }
}

fn new_socket(vm: &mut Vm, fd: i32) -> PyResult {
    // SAFETY: fcntl on a descriptor we own; F_SETFL only changes its flags.
    unsafe {
        let fl = libc::fcntl(fd, libc::F_GETFL);
        libc::fcntl(fd, libc::F_SETFL, fl | libc::O_NONBLOCK);
        libc::fcntl(fd, libc::F_SETFD, libc::FD_CLOEXEC);
    }
    match ext::new_with_handle(
        vm,
        &SOCKET_TYPE,
        &[Value::small((HANDLE_BASE + fd) as isize), Value::small(-1)],
    ) {
        Ok(s) => Ok(s.value()),
        Err(e) => {
            // SAFETY: closing the descriptor nothing else refers to.
            unsafe { libc::close(fd) };
            Err(e)
        }
    }
}

/// Runs `op` (a host call returning -1 with errno) until it succeeds, waiting
/// for `events` on the socket between tries within the socket's timeout
/// (then `OSError(timed_out)`: MicroPython's unix port gives ETIMEDOUT for
/// `accept` and `connect`, EAGAIN for data). A non-blocking socket that
/// would block fails with that errno at once.
fn blocking(
    vm: &mut Vm,
    sock: Value,
    events: i16,
    timed_out: i32,
    op: impl FnMut(i32) -> isize,
) -> PyResult<isize> {
    match attempt(vm, sock, events, timed_out, op)? {
        Ok(n) => Ok(n),
        Err(e) => Err(os_error(vm, e)),
    }
}

/// [`blocking`], but a non-blocking socket that would block gives `Ok(Err(errno))`.
fn attempt(
    vm: &mut Vm,
    sock: Value,
    events: i16,
    timed_out: i32,
    mut op: impl FnMut(i32) -> isize,
) -> PyResult<Result<isize, i32>> {
    let fd = fd(vm, sock)?;
    let t = this(vm, sock)?.int(TIMEOUT);
    let deadline = (t >= 0).then(|| Instant::now() + Duration::from_millis(t as u64));
    loop {
        let r = op(fd);
        if r >= 0 {
            return Ok(Ok(r));
        }
        let e = errno();
        if e == libc::EINTR {
            vm.check_interrupt()?;
            continue;
        }
        if e != libc::EAGAIN && e != libc::EWOULDBLOCK && e != libc::EINPROGRESS {
            return Err(os_error(vm, e));
        }
        if t == 0 {
            return Ok(Err(e));
        }
        if !wait(vm, fd, events, deadline)? {
            return Err(os_error(vm, timed_out));
        }
    }
}

/// Waits (in slices of at most 10 ms, checking Ctrl-C) for `events` on `fd`;
/// false at `deadline`.
fn wait(vm: &mut Vm, fd: i32, events: i16, deadline: Option<Instant>) -> PyResult<bool> {
    loop {
        let slice = match deadline {
            Some(d) => {
                let left = d.saturating_duration_since(Instant::now());
                if left.is_zero() {
                    return Ok(false);
                }
                left.min(Duration::from_millis(10))
            }
            None => Duration::from_millis(10),
        };
        let mut p = libc::pollfd {
            fd,
            events,
            revents: 0,
        };
        let ms = slice.as_micros().div_ceil(1000) as i32;
        // SAFETY: one valid pollfd, exclusively borrowed; poll writes its revents.
        let r = unsafe { libc::poll(&mut p, 1, ms) };
        vm.check_interrupt()?;
        if r > 0 {
            return Ok(true);
        }
    }
}

/// `socket(af=AF_INET, type=SOCK_STREAM, proto=0)`.
fn socket_new(vm: &mut Vm, _ty: Value, a: Args, _kw: Option<Kw>) -> PyResult {
    let mut n = [libc::AF_INET as isize, libc::SOCK_STREAM as isize, 0];
    for (i, v) in a.iter().take(3).enumerate() {
        n[i] = vm.to_index(*v)?;
    }
    // SAFETY: socket(2) takes plain ints and returns a new descriptor or -1.
    let fd = unsafe { libc::socket(n[0] as i32, n[1] as i32, n[2] as i32) };
    if fd < 0 {
        return Err(os_error(vm, errno()));
    }
    new_socket(vm, fd)
}

fn socket_repr(vm: &mut Vm, v: Value, out: &mut pyrite::vm::Out, _r: bool) -> PyResult<()> {
    let s = this(vm, v)?;
    let fd = i32::try_from(s.int(HANDLE))
        .ok()
        .and_then(host_fd)
        .unwrap_or(-1);
    out.push_str(&format!("<socket {}>", fd));
    Ok(())
}

/// A sockaddr argument: the bytes of a host `sockaddr`.
fn addr_arg(vm: &mut Vm, v: Value) -> PyResult<Vec<u8>> {
    match buffer_of(v) {
        Some(b) => Ok(b.bytes().to_vec()),
        None => Err(vm.type_error("object with buffer protocol required")),
    }
}

fn new_addr(vm: &mut Vm, st: &libc::sockaddr_storage, len: libc::socklen_t) -> PyResult {
    let len = (len as usize).min(std::mem::size_of::<libc::sockaddr_storage>());
    // SAFETY: viewing the first `len` bytes of a plain-data struct we own.
    let b = unsafe {
        std::slice::from_raw_parts((st as *const libc::sockaddr_storage).cast::<u8>(), len)
    };
    bytes::new_bytes(vm, b)
}

fn m_bind(vm: &mut Vm, a: Args) -> PyResult {
    let fd = fd(vm, a[0])?;
    let addr = addr_arg(vm, a[1])?;
    // SAFETY: `addr` holds `addr.len()` bytes that bind(2) only reads.
    let r = unsafe { libc::bind(fd, addr.as_ptr().cast(), addr.len() as libc::socklen_t) };
    if r < 0 {
        return Err(os_error(vm, errno()));
    }
    Ok(Value::NONE)
}

fn m_listen(vm: &mut Vm, a: Args) -> PyResult {
    let fd = fd(vm, a[0])?;
    let backlog = match a.get(1) {
        Some(v) => vm.to_index(*v)?.max(0) as i32,
        None => libc::SOMAXCONN,
    };
    // SAFETY: listen(2) on our descriptor with an int.
    if unsafe { libc::listen(fd, backlog) } < 0 {
        return Err(os_error(vm, errno()));
    }
    Ok(Value::NONE)
}

fn m_accept(vm: &mut Vm, a: Args) -> PyResult {
    // SAFETY: an all-zero sockaddr_storage is a valid value.
    let mut st: libc::sockaddr_storage = unsafe { std::mem::zeroed() };
    let mut len = std::mem::size_of::<libc::sockaddr_storage>() as libc::socklen_t;
    let nfd = blocking(vm, a[0], libc::POLLIN, libc::ETIMEDOUT, |fd| {
        len = std::mem::size_of::<libc::sockaddr_storage>() as libc::socklen_t;
        // SAFETY: accept(2) writes at most `len` bytes into `st`, and `len`.
        unsafe {
            libc::accept(
                fd,
                (&mut st as *mut libc::sockaddr_storage).cast(),
                &mut len,
            ) as isize
        }
    })?;
    let s = new_socket(vm, nfd as i32)?;
    let addr = new_addr(vm, &st, len)?;
    tuple::new_tuple(vm, &[s, addr])
}

fn m_connect(vm: &mut Vm, a: Args) -> PyResult {
    let fd = fd(vm, a[0])?;
    let addr = addr_arg(vm, a[1])?;
    // SAFETY: `addr` holds `addr.len()` bytes that connect(2) only reads.
    let r = unsafe { libc::connect(fd, addr.as_ptr().cast(), addr.len() as libc::socklen_t) };
    if r == 0 {
        return Ok(Value::NONE);
    }
    let e = errno();
    let t = this(vm, a[0])?.int(TIMEOUT);
    if e != libc::EINPROGRESS || t == 0 {
        return Err(os_error(vm, e));
    }
    let deadline = (t >= 0).then(|| Instant::now() + Duration::from_millis(t as u64));
    if !wait(vm, fd, libc::POLLOUT, deadline)? {
        return Err(os_error(vm, libc::ETIMEDOUT));
    }
    let mut err: i32 = 0;
    let mut len = std::mem::size_of::<i32>() as libc::socklen_t;
    // SAFETY: getsockopt(2) writes at most `len` bytes into `err`.
    unsafe {
        libc::getsockopt(
            fd,
            libc::SOL_SOCKET,
            libc::SO_ERROR,
            (&mut err as *mut i32).cast(),
            &mut len,
        )
    };
    if err != 0 {
        return Err(os_error(vm, err));
    }
    Ok(Value::NONE)
}

fn data_arg(vm: &mut Vm, v: Value) -> PyResult<Vec<u8>> {
    if let Some(s) = pystr::as_str(&v) {
        return Ok(s.as_bytes().to_vec());
    }
    addr_arg(vm, v)
}

fn send_some(vm: &mut Vm, sock: Value, data: &[u8]) -> PyResult<usize> {
    let n = blocking(vm, sock, libc::POLLOUT, libc::EAGAIN, |fd| {
        // SAFETY: send(2) reads `data.len()` bytes of `data`.
        unsafe { libc::send(fd, data.as_ptr().cast(), data.len(), libc::MSG_NOSIGNAL) as isize }
    })?;
    Ok(n as usize)
}

/// `write(buf)`: as `send`, but a non-blocking socket that would block
/// returns None (MicroPython's stream protocol), as do `read`, `readinto`
/// and `readline` with no data waiting.
fn m_write(vm: &mut Vm, a: Args) -> PyResult {
    let data = data_arg(vm, a[1])?;
    let n = attempt(vm, a[0], libc::POLLOUT, libc::EAGAIN, |fd| {
        // SAFETY: send(2) reads `data.len()` bytes of `data`.
        unsafe { libc::send(fd, data.as_ptr().cast(), data.len(), libc::MSG_NOSIGNAL) as isize }
    })?;
    Ok(n.map_or(Value::NONE, Value::small))
}

fn m_send(vm: &mut Vm, a: Args) -> PyResult {
    let data = data_arg(vm, a[1])?;
    let n = send_some(vm, a[0], &data)?;
    Ok(Value::small(n as isize))
}

fn m_sendall(vm: &mut Vm, a: Args) -> PyResult {
    let data = data_arg(vm, a[1])?;
    let mut off = 0;
    while off < data.len() {
        off += send_some(vm, a[0], &data[off..])?;
    }
    Ok(Value::NONE)
}

fn recv_into(
    vm: &mut Vm,
    sock: Value,
    buf: &mut [u8],
    from: Option<&mut (libc::sockaddr_storage, libc::socklen_t)>,
) -> PyResult<usize> {
    let n = match from {
        None => blocking(vm, sock, libc::POLLIN, libc::EAGAIN, |fd| {
            // SAFETY: recv(2) writes at most `buf.len()` bytes into `buf`.
            unsafe { libc::recv(fd, buf.as_mut_ptr().cast(), buf.len(), 0) as isize }
        })?,
        Some((st, len)) => blocking(vm, sock, libc::POLLIN, libc::EAGAIN, |fd| {
            *len = std::mem::size_of::<libc::sockaddr_storage>() as libc::socklen_t;
            // SAFETY: recvfrom(2) writes at most `buf.len()` bytes into `buf`
            // and at most `len` into `st`.
            unsafe {
                libc::recvfrom(
                    fd,
                    buf.as_mut_ptr().cast(),
                    buf.len(),
                    0,
                    (st as *mut libc::sockaddr_storage).cast(),
                    len,
                ) as isize
            }
        })?,
    };
    Ok(n as usize)
}

/// A stream read: the count received, or None when a non-blocking socket
/// has nothing waiting.
fn read_some(vm: &mut Vm, sock: Value, buf: &mut [u8]) -> PyResult<Option<usize>> {
    let n = attempt(vm, sock, libc::POLLIN, libc::EAGAIN, |fd| {
        // SAFETY: recv(2) writes at most `buf.len()` bytes into `buf`.
        unsafe { libc::recv(fd, buf.as_mut_ptr().cast(), buf.len(), 0) as isize }
    })?;
    Ok(n.ok().map(|n| n as usize))
}

fn size_arg(vm: &mut Vm, v: Value) -> PyResult<usize> {
    let n = vm.to_index(v)?;
    usize::try_from(n).map_err(|_| vm.value_error("negative size"))
}

fn m_recv(vm: &mut Vm, a: Args) -> PyResult {
    let n = size_arg(vm, a[1])?;
    let mut buf = Vec::new();
    vm.reserve(&mut buf, n)?;
    buf.resize(n, 0);
    let got = recv_into(vm, a[0], &mut buf, None)?;
    bytes::new_bytes(vm, &buf[..got])
}

fn m_recvfrom(vm: &mut Vm, a: Args) -> PyResult {
    let n = size_arg(vm, a[1])?;
    let mut buf = Vec::new();
    vm.reserve(&mut buf, n)?;
    buf.resize(n, 0);
    // SAFETY: an all-zero sockaddr_storage is a valid value.
    let mut from: (libc::sockaddr_storage, libc::socklen_t) = (unsafe { std::mem::zeroed() }, 0);
    let got = recv_into(vm, a[0], &mut buf, Some(&mut from))?;
    let d = bytes::new_bytes(vm, &buf[..got])?;
    let addr = new_addr(vm, &from.0, from.1)?;
    tuple::new_tuple(vm, &[d, addr])
}

fn m_sendto(vm: &mut Vm, a: Args) -> PyResult {
    let data = data_arg(vm, a[1])?;
    let addr = addr_arg(vm, a[2])?;
    let n = blocking(vm, a[0], libc::POLLOUT, libc::EAGAIN, |fd| {
        // SAFETY: sendto(2) reads `data` and `addr`, both of their lengths.
        unsafe {
            libc::sendto(
                fd,
                data.as_ptr().cast(),
                data.len(),
                libc::MSG_NOSIGNAL,
                addr.as_ptr().cast(),
                addr.len() as libc::socklen_t,
            ) as isize
        }
    })?;
    Ok(Value::small(n))
}

fn m_setsockopt(vm: &mut Vm, a: Args) -> PyResult {
    let fd = fd(vm, a[0])?;
    let level = vm.to_index(a[1])? as i32;
    let opt = vm.to_index(a[2])? as i32;
    let val: Vec<u8> = if let Some(i) = a[3].small_int() {
        (i as i32).to_ne_bytes().to_vec()
    } else if a[3] == Value::TRUE || a[3] == Value::FALSE {
        i32::from(a[3] == Value::TRUE).to_ne_bytes().to_vec()
    } else {
        addr_arg(vm, a[3])?
    };
    // SAFETY: setsockopt(2) reads `val.len()` bytes of `val`.
    let r = unsafe {
        libc::setsockopt(
            fd,
            level,
            opt,
            val.as_ptr().cast(),
            val.len() as libc::socklen_t,
        )
    };
    if r < 0 {
        return Err(os_error(vm, errno()));
    }
    Ok(Value::NONE)
}

fn m_settimeout(vm: &mut Vm, a: Args) -> PyResult {
    let s = this(vm, a[0])?;
    fd(vm, a[0])?;
    let ms = if a[1].is_none() {
        -1
    } else {
        let secs = pyrite::objects::float::to_f64(vm, a[1])?;
        if secs < 0.0 {
            return Err(vm.value_error("Timeout value must be >= 0"));
        }
        (secs * 1000.0) as isize
    };
    s.set(TIMEOUT, Value::small(ms));
    Ok(Value::NONE)
}

fn m_setblocking(vm: &mut Vm, a: Args) -> PyResult {
    let s = this(vm, a[0])?;
    fd(vm, a[0])?;
    let on = vm.truthy(a[1])?;
    s.set(TIMEOUT, Value::small(if on { -1 } else { 0 }));
    Ok(Value::NONE)
}

fn m_close(vm: &mut Vm, a: Args) -> PyResult {
    let s = this(vm, a[0])?;
    if let Some(fd) = i32::try_from(s.int(HANDLE)).ok().and_then(host_fd) {
        s.set(HANDLE, Value::small(-1));
        // SAFETY: closing the descriptor this socket owned; it is marked closed first.
        unsafe { libc::close(fd) };
    }
    Ok(Value::NONE)
}

/// `fileno()`: the host descriptor, -1 once closed (as MicroPython).
fn m_fileno(vm: &mut Vm, a: Args) -> PyResult {
    let s = this(vm, a[0])?;
    let fd = i32::try_from(s.int(HANDLE))
        .ok()
        .and_then(host_fd)
        .unwrap_or(-1);
    Ok(Value::small(fd as isize))
}

fn m_self(_vm: &mut Vm, a: Args) -> PyResult {
    Ok(a[0])
}

/// `read([n])`: up to `n` bytes, or everything until the peer closes.
fn m_read(vm: &mut Vm, a: Args) -> PyResult {
    if let Some(v) = a.get(1).filter(|v| !v.is_none()) {
        let n = vm.to_index(*v)?;
        if n >= 0 {
            let mut buf = Vec::new();
            vm.reserve(&mut buf, n as usize)?;
            buf.resize(n as usize, 0);
            return match read_some(vm, a[0], &mut buf)? {
                Some(got) => bytes::new_bytes(vm, &buf[..got]),
                None => Ok(Value::NONE),
            };
        }
    }
    let mut all = Vec::new();
    let mut chunk = [0u8; 256];
    loop {
        let got = match read_some(vm, a[0], &mut chunk)? {
            Some(got) => got,
            // Non-blocking: what has arrived so far.
            None if all.is_empty() => return Ok(Value::NONE),
            None => break,
        };
        if got == 0 {
            break;
        }
        vm.reserve(&mut all, got)?;
        all.extend_from_slice(&chunk[..got]);
    }
    bytes::new_bytes(vm, &all)
}

fn m_readinto(vm: &mut Vm, a: Args) -> PyResult {
    let b = match buffer_of(a[1]) {
        Some(b) if b.writable => b,
        _ => return Err(vm.type_error("object with buffer protocol must be writable")),
    };
    let mut n = b.len();
    if let Some(v) = a.get(2) {
        n = n.min(size_arg(vm, *v)?);
    }
    let mut tmp = Vec::new();
    vm.reserve(&mut tmp, n)?;
    tmp.resize(n, 0);
    let Some(got) = read_some(vm, a[0], &mut tmp)? else {
        return Ok(Value::NONE);
    };
    if let Some(cells) = b.cells() {
        for (c, v) in cells.iter().zip(&tmp[..got]) {
            c.set(*v);
        }
    }
    Ok(Value::small(got as isize))
}

/// `readline()`: bytes up to and including a newline (or the peer's close);
/// on a non-blocking socket, the part of the line that has arrived (None if
/// nothing has).
fn m_readline(vm: &mut Vm, a: Args) -> PyResult {
    let mut line = Vec::new();
    let mut one = [0u8; 1];
    loop {
        match read_some(vm, a[0], &mut one)? {
            Some(0) => break,
            Some(_) => {}
            None if line.is_empty() => return Ok(Value::NONE),
            None => break,
        }
        vm.reserve(&mut line, 1)?;
        line.push(one[0]);
        if one[0] == b'\n' {
            break;
        }
    }
    bytes::new_bytes(vm, &line)
}

/// `getaddrinfo(host, port, af=0, type=0, proto=0, flags=0)`: a list of
/// `(family, type, proto, None, sockaddr)`.
fn getaddrinfo(vm: &mut Vm, a: Args) -> PyResult {
    let host = match pystr::as_str(&a[0]) {
        Some(s) => s.to_string(),
        None => return Err(vm.type_error("host must be a str")),
    };
    let port = match pystr::as_str(&a[1]) {
        Some(s) => s.to_string(),
        None => vm.to_index(a[1])?.to_string(),
    };
    let mut n = [0isize; 4];
    for (i, v) in a.iter().skip(2).take(4).enumerate() {
        n[i] = vm.to_index(*v)?;
    }
    let (Ok(chost), Ok(cport)) = (std::ffi::CString::new(host), std::ffi::CString::new(port))
    else {
        return Err(vm.value_error("embedded null"));
    };
    // SAFETY: an all-zero addrinfo is a valid value (null pointers).
    let mut hints: libc::addrinfo = unsafe { std::mem::zeroed() };
    hints.ai_family = n[0] as i32;
    hints.ai_socktype = n[1] as i32;
    hints.ai_protocol = n[2] as i32;
    hints.ai_flags = n[3] as i32;
    let mut res: *mut libc::addrinfo = std::ptr::null_mut();
    // SAFETY: valid C strings and hints; on success `res` is a list we free below.
    let r = unsafe { libc::getaddrinfo(chost.as_ptr(), cport.as_ptr(), &hints, &mut res) };
    if r != 0 {
        // As MicroPython's unix port: the (negative) EAI code in the message.
        let m = format!("[addrinfo error {}]", r);
        return Err(vm.new_error(&pyrite::objects::exception::OS_ERROR, &m));
    }
    let mut items: Vec<(i32, i32, i32, Vec<u8>)> = Vec::new();
    let mut p = res;
    while !p.is_null() {
        // SAFETY: `p` is a node of the list getaddrinfo returned, not yet freed;
        // its ai_addr points to ai_addrlen bytes.
        unsafe {
            let ai = &*p;
            let addr = std::slice::from_raw_parts(ai.ai_addr.cast::<u8>(), ai.ai_addrlen as usize);
            items.push((ai.ai_family, ai.ai_socktype, ai.ai_protocol, addr.to_vec()));
            p = ai.ai_next;
        }
    }
    // SAFETY: freeing the list getaddrinfo returned, once.
    unsafe { libc::freeaddrinfo(res) };
    let out = pyrite::objects::list::new_list(vm, &[])?;
    for (f, t, pr, addr) in items {
        let addr = array::new_bytearray(vm, &addr)?;
        let t = tuple::new_tuple(
            vm,
            &[
                Value::small(f as isize),
                Value::small(t as isize),
                Value::small(pr as isize),
                Value::NONE,
                addr,
            ],
        )?;
        pyrite::objects::list::append(vm, out, t)?;
    }
    Ok(out.value())
}

/// `sockaddr(addr)`: a host sockaddr's parts, as MicroPython's unix port:
/// `(family, address bytes, port)`, with `flowinfo, scope_id` for IPv6, and
/// `(family, the rest)` for other families.
fn sockaddr(vm: &mut Vm, a: Args) -> PyResult {
    let b = addr_arg(vm, a[0])?;
    let fam = match b.get(..2) {
        Some(f) => u16::from_ne_bytes([f[0], f[1]]) as i32,
        None => return Err(os_error(vm, libc::EINVAL)),
    };
    let port = |b: &[u8]| Value::small(u16::from_be_bytes([b[2], b[3]]) as isize);
    if fam == libc::AF_INET && b.len() >= 8 {
        let addr = bytes::new_bytes(vm, &b[4..8])?;
        return tuple::new_tuple(vm, &[Value::small(fam as isize), addr, port(&b)]);
    }
    if fam == libc::AF_INET6 && b.len() >= 28 {
        let flow = u32::from_be_bytes([b[4], b[5], b[6], b[7]]);
        let scope = u32::from_ne_bytes([b[24], b[25], b[26], b[27]]);
        let addr = bytes::new_bytes(vm, &b[8..24])?;
        let flow = pyrite::objects::int::from_i64(vm, i64::from(flow))?;
        let scope = pyrite::objects::int::from_i64(vm, i64::from(scope))?;
        return tuple::new_tuple(
            vm,
            &[Value::small(fam as isize), addr, port(&b), flow, scope],
        );
    }
    let rest = bytes::new_bytes(vm, &b[2..])?;
    tuple::new_tuple(vm, &[Value::small(fam as isize), rest])
}

/// `inet_pton(af, text)`: the address's bytes (OSError(EINVAL) if malformed).
fn inet_pton(vm: &mut Vm, a: Args) -> PyResult {
    let af = vm.to_index(a[0])? as i32;
    let text = match pystr::as_str(&a[1]) {
        Some(t) => t.to_string(),
        None => return Err(vm.type_error("expected a str")),
    };
    let parsed = if af == libc::AF_INET {
        text.parse::<std::net::Ipv4Addr>()
            .map(|x| x.octets().to_vec())
    } else if af == libc::AF_INET6 {
        text.parse::<std::net::Ipv6Addr>()
            .map(|x| x.octets().to_vec())
    } else {
        return Err(os_error(vm, libc::EAFNOSUPPORT));
    };
    match parsed {
        Ok(b) => bytes::new_bytes(vm, &b),
        Err(_) => Err(os_error(vm, libc::EINVAL)),
    }
}

/// `inet_ntop(af, packed)`: the address as text.
fn inet_ntop(vm: &mut Vm, a: Args) -> PyResult {
    let af = vm.to_index(a[0])? as i32;
    let b = addr_arg(vm, a[1])?;
    let text = if af == libc::AF_INET && b.len() == 4 {
        std::net::Ipv4Addr::new(b[0], b[1], b[2], b[3]).to_string()
    } else if af == libc::AF_INET6 && b.len() == 16 {
        let mut o = [0u8; 16];
        o.copy_from_slice(&b);
        std::net::Ipv6Addr::from(o).to_string()
    } else {
        return Err(os_error(vm, libc::EINVAL));
    };
    pystr::new_str(vm, &text)
}

static SOCKADDR: NativeFn = NativeFn::pos(q::sockaddr, 1, 1, sockaddr);
static INET_PTON: NativeFn = NativeFn::pos(q::inet_pton, 2, 2, inet_pton);
static INET_NTOP: NativeFn = NativeFn::pos(q::inet_ntop, 2, 2, inet_ntop);
static BIND: NativeFn = NativeFn::pos(q::bind, 2, 2, m_bind);
static LISTEN: NativeFn = NativeFn::pos(q::listen, 1, 2, m_listen);
static ACCEPT: NativeFn = NativeFn::pos(q::accept, 1, 1, m_accept);
static CONNECT: NativeFn = NativeFn::pos(q::connect, 2, 2, m_connect);
static SEND: NativeFn = NativeFn::pos(q::send, 2, 2, m_send);
static SENDALL: NativeFn = NativeFn::pos(q::sendall, 2, 2, m_sendall);
static RECV: NativeFn = NativeFn::pos(q::recv, 2, 2, m_recv);
static RECVFROM: NativeFn = NativeFn::pos(q::recvfrom, 2, 2, m_recvfrom);
static SENDTO: NativeFn = NativeFn::pos(q::sendto, 3, 3, m_sendto);
static SETSOCKOPT: NativeFn = NativeFn::pos(q::setsockopt, 4, 4, m_setsockopt);
static SETTIMEOUT: NativeFn = NativeFn::pos(q::settimeout, 2, 2, m_settimeout);
static SETBLOCKING: NativeFn = NativeFn::pos(q::setblocking, 2, 2, m_setblocking);
static CLOSE: NativeFn = NativeFn::pos(q::close, 1, 1, m_close);
static FILENO: NativeFn = NativeFn::pos(q::fileno, 1, 1, m_fileno);
static MAKEFILE: NativeFn = NativeFn::pos(q::makefile, 1, 3, m_self);
static READ: NativeFn = NativeFn::pos(q::read, 1, 2, m_read);
static READINTO: NativeFn = NativeFn::pos(q::readinto, 2, 3, m_readinto);
static READLINE: NativeFn = NativeFn::pos(q::readline, 1, 1, m_readline);
static WRITE: NativeFn = NativeFn::pos(q::write, 2, 2, m_write);

pub static SOCKET_TYPE: TypeObj = TypeObj {
    flags: tflags::POLL_HANDLE,
    slots: &Slots {
        new: Some(socket_new),
        repr: Some(socket_repr),
        members: &[
            (q::accept, Member::Fn(&ACCEPT)),
            (q::bind, Member::Fn(&BIND)),
            (q::close, Member::Fn(&CLOSE)),
            (q::connect, Member::Fn(&CONNECT)),
            (q::fileno, Member::Fn(&FILENO)),
            (q::listen, Member::Fn(&LISTEN)),
            (q::makefile, Member::Fn(&MAKEFILE)),
            (q::read, Member::Fn(&READ)),
            (q::readinto, Member::Fn(&READINTO)),
            (q::readline, Member::Fn(&READLINE)),
            (q::recv, Member::Fn(&RECV)),
            (q::recvfrom, Member::Fn(&RECVFROM)),
            (q::send, Member::Fn(&SEND)),
            (q::sendall, Member::Fn(&SENDALL)),
            (q::sendto, Member::Fn(&SENDTO)),
            (q::setblocking, Member::Fn(&SETBLOCKING)),
            (q::setsockopt, Member::Fn(&SETSOCKOPT)),
            (q::settimeout, Member::Fn(&SETTIMEOUT)),
            (q::write, Member::Fn(&WRITE)),
        ],
        ..Slots::NONE
    },
    ..TypeObj::new(
        q::socket,
        Layout::Ext,
        Some(&pyrite::objects::type_::OBJECT_TYPE),
    )
};

static GETADDRINFO: NativeFn = NativeFn::pos(q::getaddrinfo, 2, 6, getaddrinfo);

pub static SOCKET: pyrite::objects::module::ModuleDef = pyrite::objects::module::ModuleDef {
    obj: pyrite::objects::module::ModuleDef::object(q::socket, &SOCKET),
    members: &[
        (q::socket, Member::Obj(&SOCKET_TYPE.base)),
        (q::getaddrinfo, Member::Fn(&GETADDRINFO)),
        (q::sockaddr, Member::Fn(&SOCKADDR)),
        (q::inet_pton, Member::Fn(&INET_PTON)),
        (q::inet_ntop, Member::Fn(&INET_NTOP)),
        (q::AF_INET, Member::Int(libc::AF_INET as isize)),
        (q::AF_INET6, Member::Int(libc::AF_INET6 as isize)),
        (q::AF_UNIX, Member::Int(libc::AF_UNIX as isize)),
        (q::SOCK_STREAM, Member::Int(libc::SOCK_STREAM as isize)),
        (q::SOCK_DGRAM, Member::Int(libc::SOCK_DGRAM as isize)),
        (q::SOCK_RAW, Member::Int(libc::SOCK_RAW as isize)),
        (q::SOL_SOCKET, Member::Int(libc::SOL_SOCKET as isize)),
        (q::SO_REUSEADDR, Member::Int(libc::SO_REUSEADDR as isize)),
        (q::SO_BROADCAST, Member::Int(libc::SO_BROADCAST as isize)),
        (q::SO_KEEPALIVE, Member::Int(libc::SO_KEEPALIVE as isize)),
        (q::SO_ERROR, Member::Int(libc::SO_ERROR as isize)),
        (q::IPPROTO_IP, Member::Int(libc::IPPROTO_IP as isize)),
        (q::IPPROTO_TCP, Member::Int(libc::IPPROTO_TCP as isize)),
        (q::IPPROTO_UDP, Member::Int(libc::IPPROTO_UDP as isize)),
        (q::MSG_PEEK, Member::Int(libc::MSG_PEEK as isize)),
        (q::MSG_DONTWAIT, Member::Int(libc::MSG_DONTWAIT as isize)),
    ],
};
