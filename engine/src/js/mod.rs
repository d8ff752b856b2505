//! A JavaScript event-loop interpreter that reproduces Node 20.
