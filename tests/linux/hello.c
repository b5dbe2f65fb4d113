/* The first unmodified Linux program: built with Debian's own toolchain
 * (gcc -static, -m64 and -m32, and musl-gcc -static), it needs the C
 * library's whole start-up to work before it can print one line. */
#include <stdio.h>

int main(void)
{
    printf("hello, world\n");
    return 0;
}
