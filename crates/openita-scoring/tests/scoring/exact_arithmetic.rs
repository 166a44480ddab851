//! `Score` keeps small values as `i64` fractions and big ones as big rationals: whichever it
//! uses, every operation must give exactly what big rationals give.

use num_bigint::BigInt;
use num_rational::BigRational;
use openita_scoring::Score;
use proptest::prelude::*;

/// Numbers of every size: small, near the `i64` limits, and beyond them.
fn number() -> impl Strategy<Value = BigRational> {
    let part = prop_oneof![
        -1000_i64..1000,
        any::<i64>(),
        prop_oneof![
            Just(i64::MAX),
            Just(i64::MIN),
            Just(i64::MAX - 1),
            Just(i64::MIN + 1)
        ],
    ];
    let denominator = prop_oneof![1_i64..100, 1_i64..i64::MAX, Just(i64::MAX)];
    (part, denominator, 0_u32..3).prop_map(|(n, d, widen)| {
        // `widen` pushes some values past 64 bits.
        let n = BigInt::from(n) * BigInt::from(3).pow(widen * 25);
        BigRational::new(n, BigInt::from(d))
    })
}

proptest! {
    #[test]
    fn every_operation_equals_big_rational_arithmetic(x in number(), y in number()) {
        let (a, b) = (Score::from_rational(x.clone()), Score::from_rational(y.clone()));
        prop_assert_eq!((&a + &b).to_rational(), &x + &y);
        prop_assert_eq!((&a * &b).to_rational(), &x * &y);
        prop_assert_eq!(a.minus(&b).to_rational(), &x - &y);
        if !b.is_zero() {
            prop_assert_eq!(a.divided_by(&b).map(|q| q.to_rational()), Some(&x / &y));
        }
        prop_assert_eq!(a.cmp(&b), x.cmp(&y));
        prop_assert_eq!(a == b, x == y);
        prop_assert_eq!(a.rounded(), openita_scoring::Decimal2::round(&x));
        // The text is exact and reads back to the same value.
        prop_assert_eq!(a.to_string().parse::<Score>().ok(), Some(a));
    }
}
