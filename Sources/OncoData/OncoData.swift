// OncoData: manifests, cohorts, sex/age matching, splits, preprocessing cache, the demo cohort.
