// OpenBLAS's CBLAS interface as Debian ships it (libopenblas-dev), plus openblas_set_num_threads.
#include <openblas-pthread/cblas.h>
