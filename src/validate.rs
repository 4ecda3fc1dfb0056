//! (being written: the pipeline bytes → reader → rule engine → report)
