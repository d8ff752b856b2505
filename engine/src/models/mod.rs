//! Concurrency models: each enforces one rule, stated in its module doc, on a virtual clock.
