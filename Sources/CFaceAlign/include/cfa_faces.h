// Face detection (HOG), 68 landmarks and chip extraction. Filled by the faces work (issue 3).
#ifndef CFA_FACES_H
#define CFA_FACES_H
#include "cfa_common.h"
#ifdef __cplusplus
extern "C" {
#endif

#ifdef __cplusplus
}
#endif
#endif
