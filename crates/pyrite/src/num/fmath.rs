//! The transcendental float functions `math`, `cmath` and the float and
//! complex types use. With the `system-libm` feature (the unix port) they are
//! the platform's C library's, as CPython's are, so results agree with
//! CPython to the last bit; on boards they come from the `libm` crate, whose
//! results may differ from those in the last place.

macro_rules! float_fns {
    ($(fn $name:ident($($arg:ident),+);)*) => {
        #[cfg(feature = "system-libm")]
        mod c {
            extern "C" {
                $(pub fn $name($($arg: f64),+) -> f64;)*
            }
        }
        $(
            #[inline]
            pub fn $name($($arg: f64),+) -> f64 {
                #[cfg(feature = "system-libm")]
                // SAFETY: a C math library function of plain doubles: it
                // reads no memory of ours and sets at most `errno`.
                #[allow(unsafe_code)]
                unsafe {
                    c::$name($($arg),+)
                }
                #[cfg(not(feature = "system-libm"))]
                libm::$name($($arg),+)
            }
        )*
    };
}

float_fns! {
    fn sin(x);
    fn cos(x);
    fn tan(x);
    fn asin(x);
    fn acos(x);
    fn atan(x);
    fn atan2(y, x);
    fn sinh(x);
    fn cosh(x);
    fn tanh(x);
    fn asinh(x);
    fn acosh(x);
    fn atanh(x);
    fn exp(x);
    fn expm1(x);
    fn log(x);
    fn log2(x);
    fn log10(x);
    fn log1p(x);
    fn pow(x, y);
    fn hypot(x, y);
    fn erf(x);
    fn erfc(x);
    fn tgamma(x);
    fn lgamma(x);
}
