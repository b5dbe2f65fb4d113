# The vDSO images (vdso/): two ELF shared objects, 64-bit and 32-bit, built
# with the host gcc and ld, checked and described by tools/gen-vdso-syms.py
# (build/gen/vdso_syms.h) and embedded in the kernel by syscall/vdso.asm
# (incbin of build/gen/vdso64.so and vdso32.so). Included by CMakeLists.txt.
set(VDSO_SRC ${CMAKE_SOURCE_DIR}/vdso)
set(VDSO_C_FLAGS -std=gnu11 -O2 -g
    -fPIC                       # a shared object, though mapped at one address
    -ffreestanding -nostdlib    # no libc in a vDSO
    -fno-stack-protector        # no __stack_chk_guard to read
    -fcf-protection=none
    -Wall -Wextra -Werror -Wmissing-prototypes)
set(VDSO_OUTPUTS "")
foreach(bits 64 32)
    if(bits EQUAL 64)
        set(soname linux-vdso.so.1)
    else()
        set(soname linux-gate.so.1)
    endif()
    set(obj ${GEN}/vdso${bits})
    add_custom_command(
        OUTPUT ${GEN}/vdso${bits}.so ${GEN}/vdso${bits}.dbg
        COMMAND ${CMAKE_C_COMPILER} -m${bits} ${VDSO_C_FLAGS} -I${VDSO_SRC} -I${CMAKE_SOURCE_DIR}/include
                -c ${VDSO_SRC}/vclock.c -o ${obj}-vclock.o
        COMMAND ${CMAKE_C_COMPILER} -m${bits} -fPIC -I${VDSO_SRC} -c ${VDSO_SRC}/doors${bits}.S -o ${obj}-doors.o
        COMMAND ${CMAKE_C_COMPILER} -m${bits} -shared -nostdlib -fPIC
                -Wl,-L,${VDSO_SRC} -Wl,-T,${VDSO_SRC}/vdso${bits}.lds
                -Wl,--hash-style=both     # DT_HASH (musl, parse_vdso.c) and DT_GNU_HASH (glibc)
                -Wl,--eh-frame-hdr        # PT_GNU_EH_FRAME: unwinders find the CFI
                -Wl,-soname=${soname} -Wl,--build-id=sha1
                -Wl,-z,max-page-size=4096 -Wl,-z,noexecstack
                ${obj}-vclock.o ${obj}-doors.o -o ${GEN}/vdso${bits}.dbg
        COMMAND objcopy -S ${GEN}/vdso${bits}.dbg ${GEN}/vdso${bits}.so
        DEPENDS ${VDSO_SRC}/vclock.c ${VDSO_SRC}/doors${bits}.S ${VDSO_SRC}/layout.h
                ${VDSO_SRC}/vdso.lds ${VDSO_SRC}/vdso${bits}.lds
                ${CMAKE_SOURCE_DIR}/include/vvar.h ${CMAKE_SOURCE_DIR}/include/uapi/entrylab.h
        COMMENT "Building the ${bits}-bit vDSO image"
        VERBATIM COMMAND_EXPAND_LISTS)
    list(APPEND VDSO_OUTPUTS ${GEN}/vdso${bits}.so)
endforeach()
add_custom_command(
    OUTPUT ${GEN}/vdso_syms.h
    COMMAND ${Python3_EXECUTABLE} ${CMAKE_SOURCE_DIR}/tools/gen-vdso-syms.py ${GEN}/vdso_syms.h
            ${GEN}/vdso64.dbg ${GEN}/vdso32.dbg
    DEPENDS ${VDSO_OUTPUTS} ${CMAKE_SOURCE_DIR}/tools/gen-vdso-syms.py
    COMMENT "Checking the vDSO images, generating vdso_syms.h")
add_custom_target(gen_vdso DEPENDS ${VDSO_OUTPUTS} ${GEN}/vdso_syms.h)
add_dependencies(kernel_objs gen_vdso)
set_property(SOURCE ${CMAKE_SOURCE_DIR}/syscall/vdso.asm APPEND PROPERTY OBJECT_DEPENDS ${VDSO_OUTPUTS})
