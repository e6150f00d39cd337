// Image decoders for previews: stb_image (PNG, JPEG, GIF, BMP) from libstb, and libwebp.
#ifndef PRISM_CIMAGE_SHIM_H
#define PRISM_CIMAGE_SHIM_H

#include <stb/stb_image.h>
#include <webp/decode.h>

#endif
