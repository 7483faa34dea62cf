# openvsm_add_test(NAME SOURCES src... [LIBS lib...] [LABELS label...] [TIMEOUT s]
#                  [ENVIRONMENT VAR=VALUE...])
# One Qt Test executable per class or feature, registered with CTest with the environment
# every test gets: offscreen Qt platform, a UTF-8 locale, and the build tree's programs.
# CTest runs it through tests/qtest.sh, which exits 77 (SKIP_RETURN_CODE) when the test skipped
# anything and failed nothing: a QSKIP shows as a skipped test, never as a pass.
find_program(OPENVSM_BASH bash REQUIRED)
function(openvsm_add_test name)
    cmake_parse_arguments(T "" "TIMEOUT" "SOURCES;LIBS;LABELS;ENVIRONMENT" ${ARGN})
    add_executable(${name} ${T_SOURCES})
    target_link_libraries(${name} PRIVATE openvsm_options Qt6::Test ${T_LIBS})
    openvsm_add_test_run(${name} ${name} TIMEOUT ${T_TIMEOUT} LABELS ${T_LABELS} ENVIRONMENT ${T_ENVIRONMENT})
endfunction()

# openvsm_add_test_run(NAME TARGET [LABELS label...] [TIMEOUT s] [ENVIRONMENT VAR=VALUE...])
# One more CTest run of openvsm_add_test()'s TARGET, as NAME, with more environment (the same
# test under the event dispatcher the daemons run: QT_NO_GLIB=1).
function(openvsm_add_test_run name target)
    cmake_parse_arguments(T "" "TIMEOUT" "LABELS;ENVIRONMENT" ${ARGN})
    add_test(NAME ${name} COMMAND ${OPENVSM_BASH} ${PROJECT_SOURCE_DIR}/tests/qtest.sh $<TARGET_FILE:${target}>)
    if(NOT T_LABELS)
        set(T_LABELS unit)
    endif()
    if(NOT T_TIMEOUT)
        set(T_TIMEOUT 120)
    endif()
    set_tests_properties(${name} PROPERTIES
        LABELS "${T_LABELS}"
        TIMEOUT ${T_TIMEOUT}
        SKIP_RETURN_CODE 77
        ENVIRONMENT "QT_QPA_PLATFORM=offscreen;LANG=C.UTF-8;OPENVSM_BUILD_BIN=${PROJECT_BINARY_DIR}/bin;OPENVSM_SOURCE_DIR=${PROJECT_SOURCE_DIR};${T_ENVIRONMENT}")
endfunction()

# openvsm_add_program(NAME DESTINATION bin|sbin SOURCES src... LIBS lib...)
# A thin main.cpp executable, built into build/bin so tests find every program in one folder.
function(openvsm_add_program name)
    cmake_parse_arguments(P "" "DESTINATION" "SOURCES;LIBS" ${ARGN})
    add_executable(${name} ${P_SOURCES})
    target_link_libraries(${name} PRIVATE openvsm_options ${P_LIBS})
    set_target_properties(${name} PROPERTIES RUNTIME_OUTPUT_DIRECTORY "${PROJECT_BINARY_DIR}/bin")
    if(NOT P_DESTINATION)
        set(P_DESTINATION bin)
    endif()
    # The Debian package (CPack component) the program goes to: packaging/deb/README.md.
    set(component common)
    if(name IN_LIST OPENVSM_SERVER_PROGRAMS)
        set(component server)
    elseif(name IN_LIST OPENVSM_AGENT_PROGRAMS)
        set(component agent)
    elseif(name IN_LIST OPENVSM_CLIENT_PROGRAMS)
        set(component client)
    elseif(name IN_LIST OPENVSM_CONSOLE_PROGRAMS)
        set(component console)
    endif()
    install(TARGETS ${name} RUNTIME DESTINATION ${P_DESTINATION} COMPONENT ${component})
endfunction()
set(OPENVSM_SERVER_PROGRAMS vsmserver tlctl tl-ha-setup tl-session-helper)
set(OPENVSM_AGENT_PROGRAMS vsmagent)
set(OPENVSM_CLIENT_PROGRAMS tlclient)
set(OPENVSM_CONSOLE_PROGRAMS tl-console tl-ha-setup-gui)

# openvsm_add_subdirectories(): add every direct subfolder that has a CMakeLists.txt, in sorted
# order, so a new tool or test folder needs no edit elsewhere.
function(openvsm_add_subdirectories)
    file(GLOB children LIST_DIRECTORIES true RELATIVE "${CMAKE_CURRENT_SOURCE_DIR}" "${CMAKE_CURRENT_SOURCE_DIR}/*")
    list(SORT children)
    foreach(sub IN LISTS children)
        if(EXISTS "${CMAKE_CURRENT_SOURCE_DIR}/${sub}/CMakeLists.txt")
            add_subdirectory(${sub})
        endif()
    endforeach()
endfunction()
