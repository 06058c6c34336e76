//! Prints the disassembly of a Python file (development aid).
fn main() {
    let path = std::env::args().nth(1).expect("usage: dis FILE");
    let src = std::fs::read_to_string(&path).expect("read");
    match pyrite_compiler::compile(
        &src,
        &path,
        pyrite_compiler::Mode::Exec,
        &Default::default(),
    ) {
        Ok(c) => print!("{}", pyrite_compiler::dis::disassemble(&c)),
        Err(e) => println!("error: {e:?}"),
    }
}
