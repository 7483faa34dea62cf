# HA-engine integration and service units, installed with the rest of OpenVSM
# (included from packaging/CMakeLists.txt):
#   <prefix>/sbin/openvsm-ha-notify                      keepalived's notify hook
#   <prefix>/share/openvsm/keepalived/keepalived.conf.example
#   <prefix>/share/openvsm/prometheus/openvsm.rules.yml     Prometheus alerting rules
#   <OPENVSM_OCF_DIR>/vsmserver                          Pacemaker agent ocf:openvsm:vsmserver
#   <prefix>/share/openvsm/pacemaker/README.md
#   <OPENVSM_SYSTEMD_UNIT_DIR>/vsmserver.service, vsmagent.service
# The files name the default prefix /opt/openvsm; installing rewrites it to the real prefix
# (also with `cmake --install --prefix P`), so every path in them is right where they land.

set(OPENVSM_SYSTEMD_UNIT_DIR "lib/systemd/system" CACHE STRING
    "Where the systemd units are installed (relative to the prefix, or absolute)")
set(OPENVSM_OCF_DIR "lib/ocf/resource.d/openvsm" CACHE STRING
    "Where the OCF resource agent is installed (relative to the prefix, or absolute)")

# openvsm_install_prefixed(FILE DESTINATION MODE [COMPONENT c] [REPLACE from to ...]): install
# FILE into DESTINATION with /opt/openvsm replaced by the install prefix (after the REPLACE
# pairs, which the Debian layout uses for the paths that move out of the prefix); MODE is 755
# or 644; COMPONENT is the Debian package (default common).
function(openvsm_install_prefixed file destination mode)
    cmake_parse_arguments(I "" "COMPONENT" "REPLACE" ${ARGN})
    if(NOT I_COMPONENT)
        set(I_COMPONENT common)
    endif()
    get_filename_component(name "${file}" NAME)
    if(IS_ABSOLUTE "${destination}")
        set(dir "${destination}")
    else()
        set(dir "\${CMAKE_INSTALL_PREFIX}/${destination}")
    endif()
    if(mode STREQUAL "755")
        set(perms "OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ GROUP_EXECUTE WORLD_READ WORLD_EXECUTE")
    else()
        set(perms "OWNER_READ OWNER_WRITE GROUP_READ WORLD_READ")
    endif()
    set(replacements "")
    while(I_REPLACE)
        list(POP_FRONT I_REPLACE from to)
        string(APPEND replacements "string(REPLACE \"${from}\" \"${to}\" openvsm_text \"\${openvsm_text}\")\n")
    endwhile()
    install(CODE "
        set(openvsm_out \"\$ENV{DESTDIR}${dir}/${name}\")
        message(STATUS \"Installing: \${openvsm_out}\")
        file(READ \"${file}\" openvsm_text)
        ${replacements}
        string(REPLACE \"/opt/openvsm\" \"\${CMAKE_INSTALL_PREFIX}\" openvsm_text \"\${openvsm_text}\")
        file(WRITE \"\${openvsm_out}\" \"\${openvsm_text}\")
        file(CHMOD \"\${openvsm_out}\" PERMISSIONS ${perms})
    " COMPONENT ${I_COMPONENT})
endfunction()

set(openvsm_ha_dir "${CMAKE_CURRENT_LIST_DIR}")
# The Debian layout (packaging/deb) keeps configuration and state out of the prefix: the units
# name those folders for ReadWritePaths.
set(openvsm_unit_replace "")
if(OPENVSM_DEB_LAYOUT)
    set(openvsm_unit_replace REPLACE
        "ReadWritePaths=/opt/openvsm/etc /opt/openvsm/var"
        "ReadWritePaths=/etc/openvsm /var/lib/openvsm -/run/openvsm /var/log/openvsm"
        "Install: systemctl link /opt/openvsm/lib/systemd/system/" "Installed by the package as /lib/systemd/system/")
endif()
openvsm_install_prefixed("${openvsm_ha_dir}/keepalived/openvsm-ha-notify" sbin 755 COMPONENT server)
openvsm_install_prefixed("${openvsm_ha_dir}/keepalived/keepalived.conf.example" share/openvsm/keepalived 644
                         COMPONENT server)
install(FILES "${openvsm_ha_dir}/prometheus/openvsm.rules.yml" DESTINATION share/openvsm/prometheus
        PERMISSIONS OWNER_READ OWNER_WRITE GROUP_READ WORLD_READ COMPONENT server)
openvsm_install_prefixed("${openvsm_ha_dir}/pacemaker/vsmserver" "${OPENVSM_OCF_DIR}" 755 COMPONENT server)
openvsm_install_prefixed("${openvsm_ha_dir}/pacemaker/README.md" share/openvsm/pacemaker 644 COMPONENT server)
openvsm_install_prefixed("${openvsm_ha_dir}/systemd/vsmserver.service" "${OPENVSM_SYSTEMD_UNIT_DIR}" 644
                         COMPONENT server ${openvsm_unit_replace})
openvsm_install_prefixed("${openvsm_ha_dir}/systemd/vsmagent.service" "${OPENVSM_SYSTEMD_UNIT_DIR}" 644
                         COMPONENT agent ${openvsm_unit_replace})

# vsmserver.service makes the file system read-only except <prefix>/etc and <prefix>/var:
# the state folders must exist before the first start. (The Debian packages link these three
# to /var/lib/openvsm, /run/openvsm and /var/log/openvsm instead: packaging/deb/layout.cmake.)
if(NOT OPENVSM_DEB_LAYOUT)
    install(DIRECTORY DESTINATION var/lib/openvsm COMPONENT common)
    install(DIRECTORY DESTINATION var/run/openvsm COMPONENT common)
    install(DIRECTORY DESTINATION var/log/openvsm COMPONENT common)
endif()
