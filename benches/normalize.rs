//! Placeholder: normalizer throughput benches (filled in by the normalizer work).
use criterion::{criterion_group, criterion_main, Criterion};

fn bench(c: &mut Criterion) {
    c.bench_function("fold", |b| b.iter(|| selfsame::normalize::text::fold("José Müller")));
}

criterion_group!(benches, bench);
criterion_main!(benches);
