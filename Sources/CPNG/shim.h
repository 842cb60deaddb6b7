// libpng 1.6 (libpng-dev). OncoFace uses the "simplified" png_image API, which reports errors through
// return codes and png_image.message instead of longjmp, so it is safe to call from Swift.
#include <png.h>
