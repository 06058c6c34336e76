//! Conservative scanning of the native stack and the callee-saved registers.
//!
//! Native Rust code may hold object pointers in locals; those live either in
//! stack slots or in registers. Registers that the callee must preserve
//! (callee-saved) may still hold a caller's pointer when we get here, so we
//! store them into a local array first; caller-saved ones were already
//! spilled to the stack by the compiler around the call. Then every aligned
//! word from the current stack pointer up to the stack top is a candidate.
#![allow(unsafe_code)]

use super::{Heap, WORD};

/// How many callee-saved registers `spill_registers` stores.
#[cfg(target_arch = "x86_64")]
const SAVED: usize = 6; // rbx, rbp, r12-r15
#[cfg(target_arch = "x86")]
const SAVED: usize = 4; // ebx, esi, edi, ebp
#[cfg(target_arch = "aarch64")]
const SAVED: usize = 11; // x19-x29
#[cfg(target_arch = "arm")]
const SAVED: usize = 8; // r4-r11
#[cfg(any(target_arch = "riscv32", target_arch = "riscv64"))]
const SAVED: usize = 12; // s0-s11
#[cfg(not(any(
    target_arch = "x86_64",
    target_arch = "x86",
    target_arch = "aarch64",
    target_arch = "arm",
    target_arch = "riscv32",
    target_arch = "riscv64"
)))]
const SAVED: usize = 1;

impl Heap {
    /// Stores the callee-saved registers into a local array, then marks
    /// (as [`Heap::mark_word`]) every aligned word from the current stack
    /// pointer up to `stack_top` (stacks grow down). Does nothing outside a
    /// collection.
    ///
    /// Scanning starts at this function's own stack pointer, so its frame is
    /// included: if the compiler saved a caller's callee-saved register in
    /// our prologue rather than leaving it for the spill, that slot is
    /// scanned too.
    ///
    /// Supported: x86_64, x86, aarch64, arm/thumb, riscv32/64 (not the RV32E base
    /// ISA). On other architectures no registers are spilled and scanning
    /// starts at a local's address: pointers held only in callee-saved
    /// registers are then missed, so a port there must keep its roots in
    /// precise root tables.
    ///
    /// # Safety
    /// `stack_top` must be the top (highest address, exclusive) of the
    /// current thread's stack, or of a region of it above this call's frame;
    /// all of it must be readable.
    #[inline(never)]
    pub unsafe fn mark_native_stack(&mut self, stack_top: usize) {
        if !self.collecting {
            return;
        }
        let mut regs = [0usize; SAVED];
        let sp = spill_registers(&mut regs);
        core::hint::black_box(&mut regs);
        let mut addr = sp.next_multiple_of(WORD);
        // Most stack words are not heap addresses: test that with the pool
        // bounds in registers, and only then look at the tables. (A deep
        // recursion puts megabytes of stack under every collection.)
        let pool = self.pool_addr();
        let pool_len = self.n_blocks * super::BLOCK_BYTES;
        while addr < stack_top {
            // SAFETY: sp..stack_top is this thread's live stack (our caller's
            // promise, and sp is our own frame); exposed provenance because
            // the address came from a register. Volatile: the slots belong to
            // frames the optimiser reasons about, and we only want their bits.
            let w = unsafe { core::ptr::with_exposed_provenance::<usize>(addr).read_volatile() };
            addr += WORD;
            if w.wrapping_sub(pool) >= pool_len {
                continue;
            }
            self.mark_candidate(w);
            // Only call the (out-of-line) drain when this word queued a run.
            if self.sp > 0 {
                self.drain();
            }
        }
        core::hint::black_box(&regs);
    }
}

/// Stores the callee-saved registers into `regs` and returns the stack
/// pointer. Always inlined into `mark_native_stack`, so the registers are
/// those of its caller chain and the array lies in the frame we scan.
#[inline(always)]
fn spill_registers(regs: &mut [usize; SAVED]) -> usize {
    let sp: usize;
    #[cfg(target_arch = "x86_64")]
    // SAFETY: only stores into `regs` (6 words) and reads rsp; no register is clobbered.
    unsafe {
        core::arch::asm!(
            "mov [{r}], rbx",
            "mov [{r} + 8], rbp",
            "mov [{r} + 16], r12",
            "mov [{r} + 24], r13",
            "mov [{r} + 32], r14",
            "mov [{r} + 40], r15",
            "mov {sp}, rsp",
            r = in(reg) regs.as_mut_ptr(),
            sp = out(reg) sp,
            options(nostack, preserves_flags),
        );
    }
    #[cfg(target_arch = "x86")]
    // SAFETY: only stores into `regs` (4 words) and reads esp; no register is clobbered.
    unsafe {
        core::arch::asm!(
            "mov [{r}], ebx",
            "mov [{r} + 4], esi",
            "mov [{r} + 8], edi",
            "mov [{r} + 12], ebp",
            "mov {sp}, esp",
            r = in(reg) regs.as_mut_ptr(),
            sp = out(reg) sp,
            options(nostack, preserves_flags),
        );
    }
    #[cfg(target_arch = "aarch64")]
    // SAFETY: only stores into `regs` (11 words) and reads sp; no register is clobbered.
    unsafe {
        core::arch::asm!(
            "stp x19, x20, [{r}]",
            "stp x21, x22, [{r}, #16]",
            "stp x23, x24, [{r}, #32]",
            "stp x25, x26, [{r}, #48]",
            "stp x27, x28, [{r}, #64]",
            "str x29, [{r}, #80]",
            "mov {sp}, sp",
            r = in(reg) regs.as_mut_ptr(),
            sp = out(reg) sp,
            options(nostack, preserves_flags),
        );
    }
    #[cfg(target_arch = "arm")]
    // SAFETY: only stores into `regs` (8 words) and reads sp; `t` is a
    // declared scratch register. High registers go through `t` so the code
    // also assembles for Thumb-1 (Cortex-M0).
    unsafe {
        core::arch::asm!(
            "str r4, [{r}, #0]",
            "str r5, [{r}, #4]",
            "str r6, [{r}, #8]",
            "str r7, [{r}, #12]",
            "mov {t}, r8",
            "str {t}, [{r}, #16]",
            "mov {t}, r9",
            "str {t}, [{r}, #20]",
            "mov {t}, r10",
            "str {t}, [{r}, #24]",
            "mov {t}, r11",
            "str {t}, [{r}, #28]",
            "mov {sp}, sp",
            r = in(reg) regs.as_mut_ptr(),
            t = out(reg) _,
            sp = out(reg) sp,
            options(nostack, preserves_flags),
        );
    }
    #[cfg(target_arch = "riscv64")]
    // SAFETY: only stores into `regs` (12 words) and reads sp; no register is clobbered.
    unsafe {
        core::arch::asm!(
            "sd s0, 0({r})",
            "sd s1, 8({r})",
            "sd s2, 16({r})",
            "sd s3, 24({r})",
            "sd s4, 32({r})",
            "sd s5, 40({r})",
            "sd s6, 48({r})",
            "sd s7, 56({r})",
            "sd s8, 64({r})",
            "sd s9, 72({r})",
            "sd s10, 80({r})",
            "sd s11, 88({r})",
            "mv {sp}, sp",
            r = in(reg) regs.as_mut_ptr(),
            sp = out(reg) sp,
            options(nostack, preserves_flags),
        );
    }
    #[cfg(target_arch = "riscv32")]
    // SAFETY: only stores into `regs` (12 words) and reads sp; no register is clobbered.
    unsafe {
        core::arch::asm!(
            "sw s0, 0({r})",
            "sw s1, 4({r})",
            "sw s2, 8({r})",
            "sw s3, 12({r})",
            "sw s4, 16({r})",
            "sw s5, 20({r})",
            "sw s6, 24({r})",
            "sw s7, 28({r})",
            "sw s8, 32({r})",
            "sw s9, 36({r})",
            "sw s10, 40({r})",
            "sw s11, 44({r})",
            "mv {sp}, sp",
            r = in(reg) regs.as_mut_ptr(),
            sp = out(reg) sp,
            options(nostack, preserves_flags),
        );
    }
    #[cfg(not(any(
        target_arch = "x86_64",
        target_arch = "x86",
        target_arch = "aarch64",
        target_arch = "arm",
        target_arch = "riscv32",
        target_arch = "riscv64"
    )))]
    {
        // Unsupported architecture: best effort, documented on
        // `mark_native_stack`. The array's own address approximates sp.
        regs[0] = 0;
        sp = core::hint::black_box(regs.as_ptr()) as usize;
    }
    sp
}

/// Bytes of native stack [`clear_stack_below`] zeroes: about what one
/// Python-to-Python call uses on a 64-bit host.
const CLEAR_WORDS: usize = 1536 / WORD;

/// Zeroes the native stack just below the caller's frame. A call that has
/// returned leaves its words there (frame cells, locals, return values);
/// later frames reuse the space but do not write every word, and the
/// conservative scan would keep whatever a stale word points at alive.
/// The VM calls this after each Python call returns, so garbage made by a
/// function is really gone at the next collection.
#[inline(never)]
pub fn clear_stack_below() {
    let mut words = [0usize; CLEAR_WORDS];
    core::hint::black_box(&mut words);
}

/// [`clear_stack_below`] for a whole program's depth: after the REPL ran an
/// input, everything its calls left (the interpreter loop's frames, the
/// compiler's) lies below, deeper than one call's worth.
#[inline(never)]
pub fn clear_stack_below_deep() {
    let mut words = [0usize; 8 * CLEAR_WORDS];
    core::hint::black_box(&mut words);
}
