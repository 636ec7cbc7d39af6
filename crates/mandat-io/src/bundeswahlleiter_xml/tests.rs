//! The streaming reader against the reference (the roxmltree reader it replaced).
