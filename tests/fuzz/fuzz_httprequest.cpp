// libFuzzer target for the metrics endpoint's request-head parser: Metrics::parseHttpRequest over
// a byte stream, consuming one request head after another as the endpoint does.
#include "shared/metrics/httprequest.h"
#include "tests/fuzz/check.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray input = Fuzz::bytes(data, size);
    // A small limit so that the fuzzer reaches both "too long" and "complete" quickly.
    constexpr qsizetype maxHead = 512;
    qsizetype offset = 0;
    while (offset < input.size()) {
        const Metrics::HttpParse p = Metrics::parseHttpRequest(input.mid(offset), maxHead);
        if (p.status == Metrics::HttpParse::Status::Incomplete) {
            FUZZ_CHECK(input.size() - offset <= maxHead, "incomplete although longer than the limit");
            break;
        }
        if (p.status == Metrics::HttpParse::Status::Error) {
            FUZZ_CHECK(!p.error.isEmpty(), "an error without a reason");
            FUZZ_CHECK(p.httpStatus >= 400 && p.httpStatus < 600, "an error without an error status");
            break;
        }
        FUZZ_CHECK(p.consumed > 0 && p.consumed <= maxHead && offset + p.consumed <= input.size(),
                   "consumed bytes out of range");
        FUZZ_CHECK(!p.request.method.isEmpty() && !p.request.target.isEmpty(),
                   "a request without method or target");
        FUZZ_CHECK(p.request.version == "HTTP/1.1" || p.request.version == "HTTP/1.0",
                   "another HTTP version");
        FUZZ_CHECK(!p.request.target.contains(' ') && !p.request.method.contains(' '), "a space in a token");
        offset += p.consumed;
    }
    return 0;
}
