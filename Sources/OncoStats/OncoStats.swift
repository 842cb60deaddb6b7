// OncoStats: ROC, AUC with confidence interval, accuracy/sensitivity/specificity, group tests.
// Depends on nothing but the standard library.
