// Face detection (dlib's HOG frontal face detector), 68 landmarks (dlib's shape predictor) and the
// face-chip transform (dlib's get_face_chip_details). Images are packed RGB8, rows top to bottom.
#ifndef CFA_FACES_H
#define CFA_FACES_H
#include "cfa_common.h"
#ifdef __cplusplus
extern "C" {
#endif

/// A HOG face detector. Not thread-safe: make one per thread (creating one is cheap, ~1 ms).
typedef struct cfa_detector cfa_detector;

/// The 68-landmark model (~100 MB, ~0.5 s to load). Read-only once loaded: share it between
/// threads.
typedef struct cfa_landmark_model cfa_landmark_model;

/// A face box in pixel coordinates of the image given to the detector, and its detection score
/// (dlib's confidence: 0 at the detector's own threshold, higher is surer).
typedef struct {
  double left, top, right, bottom;
  double score;
} cfa_face;

/// Makes a detector (dlib's get_frontal_face_detector()).
cfa_status cfa_detector_create(cfa_detector **detector);
void cfa_detector_destroy(cfa_detector *detector);

/// Finds faces, best score first. `upsample` doubles the image that many times first (the
/// detector's smallest face is about 80×80 pixels); boxes come back in the coordinates of the given
/// image. Faces scoring below `threshold` (added to dlib's own) are dropped. Writes at most
/// `capacity` faces to `faces` and the number found (which may be larger) to `count`.
cfa_status cfa_detect_faces(cfa_detector *detector, const uint8_t *rgb, int32_t width,
                            int32_t height, int32_t upsample, double threshold, cfa_face *faces,
                            int32_t capacity, int32_t *count);

/// Loads a shape predictor file (e.g. /usr/share/dlib/shape_predictor_68_face_landmarks.dat).
cfa_status cfa_landmark_model_load(const char *path, cfa_landmark_model **model);
void cfa_landmark_model_destroy(cfa_landmark_model *model);
/// The number of landmarks the model places (68 for the standard model).
int32_t cfa_landmark_model_points(const cfa_landmark_model *model);

/// Places the model's landmarks in `box`; writes x0, y0, x1, y1, … (2 × points doubles) to `xy`.
cfa_status cfa_find_landmarks(const cfa_landmark_model *model, const uint8_t *rgb, int32_t width,
                              int32_t height, cfa_face box, double *xy);

/// The transform of dlib's face chip for 68 landmarks `xy` (get_face_chip_details: dlib's mean face
/// template, eyebrows and lower lip left out), as the affine map image → chip:
/// chip_x = m[0]·x + m[1]·y + m[2], chip_y = m[3]·x + m[4]·y + m[5].
cfa_status cfa_face_chip_transform(const double *xy, int32_t points, int32_t size, double padding,
                                   double *m);

/// The message of the last failed cfa_ call on this thread ("" if none).
const char *cfa_last_error(void);

#ifdef __cplusplus
}
#endif
#endif
