// PNG decoding with libpng (the simplified API): grayscale 8-bit pixels, for the Omniglot loader.
#include "metanb.h"
#include <png.h>
#include <cstring>

using namespace mn;

// Starts reading a PNG held in memory; false (with the error set) when it is not a readable PNG.
static bool begin_read(png_image& img, const uint8_t* bytes, int64_t len) {
    std::memset(&img, 0, sizeof img);
    img.version = PNG_IMAGE_VERSION;
    if (png_image_begin_read_from_memory(&img, bytes, static_cast<size_t>(len))) return true;
    set_error((std::string("PNG decode failed: ") + img.message).c_str());
    return false;
}

// Reads the width and height of a PNG held in memory.
MN_API int mn_png_size(const uint8_t* bytes, int64_t len, int* width, int* height) {
    png_image img;
    if (!begin_read(img, bytes, len)) return -1;
    *width = static_cast<int>(img.width);
    *height = static_cast<int>(img.height);
    png_image_free(&img);
    return 0;
}

// Decodes a PNG held in memory to 8-bit grayscale, row-major, into out (capacity bytes).
MN_API int mn_png_decode_gray(const uint8_t* bytes, int64_t len, uint8_t* out, int64_t capacity) {
    png_image img;
    if (!begin_read(img, bytes, len)) return -1;
    img.format = PNG_FORMAT_GRAY;
    int64_t need = static_cast<int64_t>(PNG_IMAGE_SIZE(img));
    if (need > capacity) {
        png_image_free(&img);
        set_error(("PNG decode: buffer holds " + std::to_string(capacity) + " bytes, image needs " +
                   std::to_string(need)).c_str());
        return -1;
    }
    if (!png_image_finish_read(&img, nullptr, out, 0, nullptr)) {
        set_error((std::string("PNG decode failed: ") + img.message).c_str());
        png_image_free(&img);
        return -1;
    }
    return 0;
}
