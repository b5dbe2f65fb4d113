# Hostile ring 3 (issue 11, docs/security.md): the checks of items 8-10.

# Spectre v1 on the number: the dispatcher's table loads use a clamped index.
add_test(NAME security.spectre_clamp
    COMMAND ${Python3_EXECUTABLE} ${CMAKE_SOURCE_DIR}/tests/harness/spectre_clamp.py
            ${CMAKE_BINARY_DIR}/entrylab.elf)
