# Installs one default configuration file at install time without overwriting an
# administrator's changes (like a Debian conffile): when DEST already exists and differs,
# it is kept and the new default is put next to it as DEST.default.
# Inputs: SRC (absolute source file), DEST_REL (path under the install prefix).
set(openvsm_dest "$ENV{DESTDIR}${CMAKE_INSTALL_PREFIX}/${DEST_REL}")
get_filename_component(openvsm_dest_dir "${openvsm_dest}" DIRECTORY)
file(MAKE_DIRECTORY "${openvsm_dest_dir}")
if(EXISTS "${openvsm_dest}")
    file(READ "${SRC}" openvsm_new)
    file(READ "${openvsm_dest}" openvsm_old)
    if(openvsm_new STREQUAL openvsm_old)
        message(STATUS "Up-to-date: ${openvsm_dest}")
    else()
        message(STATUS "Keeping: ${openvsm_dest} (changed locally; new default in ${openvsm_dest}.default)")
        file(COPY_FILE "${SRC}" "${openvsm_dest}.default")
    endif()
else()
    message(STATUS "Installing: ${openvsm_dest}")
    file(COPY_FILE "${SRC}" "${openvsm_dest}")
    file(CHMOD "${openvsm_dest}" PERMISSIONS OWNER_READ OWNER_WRITE GROUP_READ WORLD_READ)
endif()
