// libjpeg-turbo's TurboJPEG API (libturbojpeg0-dev). It reports errors through return codes and
// tjGetErrorStr2/tjGetErrorCode instead of longjmp, so it is safe to call from Swift.
#include <turbojpeg.h>
