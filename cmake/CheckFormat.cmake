# Fails when a C++ source does not follow the repository's .clang-format.
# cmake -DCLANG_FORMAT=... -DSOURCE_DIR=... -P CheckFormat.cmake
set(files)
foreach(dir backend shared gui tests)
    file(GLOB_RECURSE found "${SOURCE_DIR}/${dir}/*.cpp" "${SOURCE_DIR}/${dir}/*.h")
    list(APPEND files ${found})
endforeach()
list(LENGTH files count)
if(count EQUAL 0)
    message(FATAL_ERROR "no sources found under ${SOURCE_DIR}")
endif()
execute_process(COMMAND "${CLANG_FORMAT}" --dry-run -Werror ${files}
                WORKING_DIRECTORY "${SOURCE_DIR}" RESULT_VARIABLE rc ERROR_VARIABLE out)
if(NOT rc EQUAL 0)
    message(FATAL_ERROR "sources not formatted (run clang-format -i on them):\n${out}")
endif()
message(STATUS "${count} sources follow .clang-format")
