//! The browser entry point (built by trunk with the `hydrate` feature): hydrate the prerendered
//! page. Built natively without that feature it does nothing.

fn main() {
    #[cfg(feature = "hydrate")]
    inflight::hydrate();
}
