//! Unit tests of the RAM filesystem.

use super::*;

fn mode(s: &str) -> OpenMode {
    OpenMode {
        read: s.contains('r') || s.contains('+'),
        write: s.contains('w') || s.contains('+'),
        append: s.contains('a'),
        create: s.contains(['w', 'a']),
        truncate: s.contains('w'),
        exclusive: s.contains('x'),
    }
}

fn put(fs: &mut RamFs, path: &str, data: &[u8]) {
    let h = fs.open(path, mode("w")).unwrap();
    assert_eq!(fs.write(h, data), Ok(data.len()));
    fs.close(h).unwrap();
}

fn names(fs: &RamFs, path: &str) -> Vec<String> {
    let mut v: Vec<String> = fs
        .listdir(path)
        .unwrap()
        .into_iter()
        .map(|e| e.name)
        .collect();
    v.sort();
    v
}

#[test]
fn files_read_write_append_seek() {
    let mut fs = RamFs::new();
    put(&mut fs, "/a.txt", b"hello");
    assert_eq!(fs.read_file("a.txt").as_deref(), Ok(&b"hello"[..]));
    let h = fs.open("a.txt", mode("a")).unwrap();
    fs.write(h, b" world").unwrap();
    fs.close(h).unwrap();
    let h = fs.open("/a.txt", mode("r")).unwrap();
    let mut buf = [0u8; 4];
    assert_eq!(fs.read(h, &mut buf), Ok(4));
    assert_eq!(&buf, b"hell");
    assert_eq!(fs.seek(h, -2, Whence::End), Ok(9));
    assert_eq!(fs.read(h, &mut buf), Ok(2));
    assert_eq!(&buf[..2], b"ld");
    assert_eq!(fs.write(h, b"x"), Err(EBADF));
    fs.close(h).unwrap();
    assert_eq!(fs.close(h), Err(EBADF));
    assert_eq!(fs.stat("/a.txt").unwrap().size, 11);
    assert_eq!(fs.open("/nope", mode("r")), Err(ENOENT));
    assert_eq!(fs.open("/a.txt", mode("x")), Err(EEXIST));
    assert_eq!(fs.open("/", mode("r")), Err(EISDIR));
}

#[test]
fn directories_and_paths() {
    let mut fs = RamFs::new();
    assert_eq!(fs.getcwd().unwrap(), "/");
    assert!(fs.listdir("/").unwrap().is_empty());
    fs.mkdir("/d").unwrap();
    assert_eq!(fs.mkdir("d"), Err(EEXIST));
    fs.chdir("d").unwrap();
    assert_eq!(fs.getcwd().unwrap(), "/d");
    put(&mut fs, "f", b"12");
    fs.mkdir("./e").unwrap();
    assert_eq!(names(&fs, "."), ["e", "f"]);
    assert_eq!(names(&fs, "/d/e/../"), ["e", "f"]);
    assert_eq!(fs.stat("../d/f").unwrap().size, 2);
    assert_eq!(fs.stat("e").unwrap().mode, 0o040000);
    assert_eq!(fs.chdir("f"), Err(ENOTDIR));
    assert_eq!(fs.chdir("zz"), Err(ENOENT));
    assert_eq!(fs.mkdir("f/g"), Err(ENOTDIR));
    fs.chdir("..").unwrap();
    assert_eq!(fs.getcwd().unwrap(), "/");
    assert_eq!(fs.rmdir("d"), Err(ENOTEMPTY));
    assert_eq!(fs.remove("d"), Err(EISDIR));
    assert_eq!(fs.rmdir("d/f"), Err(ENOTDIR));
    fs.remove("d/f").unwrap();
    fs.rmdir("d/e").unwrap();
    fs.rmdir("d").unwrap();
    assert!(fs.listdir("/").unwrap().is_empty());
    assert!(fs.nodes.iter().skip(1).all(|n| n.is_none()));
}

#[test]
fn rename_rules() {
    let mut fs = RamFs::new();
    put(&mut fs, "/a", b"A");
    put(&mut fs, "/b", b"B");
    fs.mkdir("/d").unwrap();
    fs.rename("a", "b").unwrap();
    assert_eq!(fs.read_file("/b").as_deref(), Ok(&b"A"[..]));
    assert_eq!(names(&fs, "/"), ["b", "d"]);
    fs.rename("/b", "/d/c").unwrap();
    assert_eq!(names(&fs, "/d"), ["c"]);
    assert_eq!(fs.rename("/d", "/d/x"), Err(EINVAL));
    assert_eq!(fs.rename("/nope", "/x"), Err(ENOENT));
    put(&mut fs, "/f", b"F");
    assert_eq!(fs.rename("/f", "/d"), Err(EISDIR));
    fs.rename("/d", "/e").unwrap();
    assert_eq!(fs.read_file("/e/c").as_deref(), Ok(&b"A"[..]));
    // What the importer tells from a file it could not copy (ENOMEM).
    assert_eq!(fs.read_file("/e"), Err(EISDIR));
    assert_eq!(fs.read_file("/nope"), Err(ENOENT));
}

#[test]
fn removed_while_open_stays_readable() {
    let mut fs = RamFs::new();
    put(&mut fs, "/a", b"data");
    let h = fs.open("/a", mode("r")).unwrap();
    fs.remove("/a").unwrap();
    assert_eq!(fs.stat("/a").err(), Some(ENOENT));
    let mut buf = [0u8; 8];
    assert_eq!(fs.read(h, &mut buf), Ok(4));
    fs.close(h).unwrap();
    assert!(fs.nodes.iter().skip(1).all(|n| n.is_none()));
    let h = fs.open("/b", mode("w")).unwrap();
    fs.soft_reset();
    assert_eq!(fs.write(h, b"x"), Err(EBADF));
}

#[test]
fn growth_gaps_and_truncation() {
    let mut fs = RamFs::new();
    let big: Vec<u8> = (0..3000u32).map(|i| (i * 7) as u8).collect();
    put(&mut fs, "/big", &big);
    assert_eq!(fs.read_file("/big").as_deref(), Ok(&big[..]));
    let h = fs.open("/big", mode("r+")).unwrap();
    assert_eq!(fs.seek(h, 5000, Whence::Start), Ok(5000));
    fs.write(h, b"end").unwrap();
    fs.seek(h, 510, Whence::Start).unwrap();
    fs.write(h, b"ABCD").unwrap();
    fs.seek(h, 508, Whence::Start).unwrap();
    let mut buf = [0u8; 8];
    assert_eq!(fs.read(h, &mut buf), Ok(8));
    assert_eq!(
        &buf,
        &[big[508], big[509], b'A', b'B', b'C', b'D', big[514], big[515]]
    );
    fs.close(h).unwrap();
    let all = fs.read_file("/big").unwrap();
    assert_eq!(all.len(), 5003);
    assert!(all[3000..5000].iter().all(|&b| b == 0));
    assert_eq!(&all[5000..], b"end");
    put(&mut fs, "/big", b"");
    assert_eq!(fs.stat("/big").unwrap().size, 0);
}
