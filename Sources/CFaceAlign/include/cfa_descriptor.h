// dlib's own 128-d face descriptor (dlib_face_recognition_resnet_model_v1.dat through dlib's DNN
// code, `anet_type` of dlib's dnn_face_recognition_ex.cpp): the reference that OncoNN's native
// import of the same network is checked against. Chips are packed RGB8, 150×150, rows top down.
#ifndef CFA_DESCRIPTOR_H
#define CFA_DESCRIPTOR_H
#include "cfa_common.h"
#include <stdint.h>
#ifdef __cplusplus
extern "C" {
#endif

/// dlib's face-recognition network with its weights. Not thread-safe (dlib keeps each layer's
/// output inside the network): use one model per thread.
typedef struct cfa_descriptor_model cfa_descriptor_model;

/// The side of a descriptor chip in pixels.
#define CFA_DESCRIPTOR_CHIP_SIZE 150
/// Values per descriptor.
#define CFA_DESCRIPTOR_LENGTH 128

/// Loads dlib_face_recognition_resnet_model_v1.dat. CFA_ERROR_FILE when it is missing or is not
/// that network (cfa_last_error says why).
cfa_status cfa_descriptor_model_load(const char *path, cfa_descriptor_model **model);
void cfa_descriptor_model_destroy(cfa_descriptor_model *model);

/// Computes the descriptors of `count` chips (`count`·150·150·3 bytes at `rgb`) into
/// `descriptors` (`count`·128 floats), as dlib's `net(chips)` returns them.
cfa_status cfa_face_descriptors(cfa_descriptor_model *model, const uint8_t *rgb, int32_t count,
                                float *descriptors);

#ifdef __cplusplus
}
#endif
#endif
