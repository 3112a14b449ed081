/* Wine 8 lacks bcryptprimitives.dll, where Rust's std on Windows gets its random bytes:
   ProcessPrng, answered from RtlGenRandom, which Wine has. */
#include <windows.h>
#include <ntsecapi.h>

BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len) {
    while (len > 0) {
        ULONG part = len > 0x10000000 ? 0x10000000 : (ULONG)len;
        if (!RtlGenRandom(data, part)) return FALSE;
        data += part;
        len -= part;
    }
    return TRUE;
}
