//! Scope analysis: which names are local, global, free or cells (to be written).
