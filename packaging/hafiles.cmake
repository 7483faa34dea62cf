# HA-engine integration and service units, installed with the rest of OpenVSM
# (included from packaging/CMakeLists.txt):
#   <prefix>/sbin/openvsm-ha-notify                      keepalived's notify hook
#   <prefix>/share/openvsm/keepalived/keepalived.conf.example
#   <OPENVSM_OCF_DIR>/vsmserver                          Pacemaker agent ocf:openvsm:vsmserver
#   <prefix>/share/openvsm/pacemaker/README.md
#   <OPENVSM_SYSTEMD_UNIT_DIR>/vsmserver.service, vsmagent.service
# The files name the default prefix /opt/openvsm; installing rewrites it to the real prefix
# (also with `cmake --install --prefix P`), so every path in them is right where they land.

set(OPENVSM_SYSTEMD_UNIT_DIR "lib/systemd/system" CACHE STRING
    "Where the systemd units are installed (relative to the prefix, or absolute)")
set(OPENVSM_OCF_DIR "lib/ocf/resource.d/openvsm" CACHE STRING
    "Where the OCF resource agent is installed (relative to the prefix, or absolute)")

# openvsm_install_prefixed(FILE DESTINATION MODE): install FILE into DESTINATION with
# /opt/openvsm replaced by the install prefix; MODE is 755 or 644.
function(openvsm_install_prefixed file destination mode)
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
    install(CODE "
        set(openvsm_out \"\$ENV{DESTDIR}${dir}/${name}\")
        message(STATUS \"Installing: \${openvsm_out}\")
        file(READ \"${file}\" openvsm_text)
        string(REPLACE \"/opt/openvsm\" \"\${CMAKE_INSTALL_PREFIX}\" openvsm_text \"\${openvsm_text}\")
        file(WRITE \"\${openvsm_out}\" \"\${openvsm_text}\")
        file(CHMOD \"\${openvsm_out}\" PERMISSIONS ${perms})
    ")
endfunction()

set(openvsm_ha_dir "${CMAKE_CURRENT_LIST_DIR}")
openvsm_install_prefixed("${openvsm_ha_dir}/keepalived/openvsm-ha-notify" sbin 755)
openvsm_install_prefixed("${openvsm_ha_dir}/keepalived/keepalived.conf.example" share/openvsm/keepalived 644)
openvsm_install_prefixed("${openvsm_ha_dir}/pacemaker/vsmserver" "${OPENVSM_OCF_DIR}" 755)
openvsm_install_prefixed("${openvsm_ha_dir}/pacemaker/README.md" share/openvsm/pacemaker 644)
openvsm_install_prefixed("${openvsm_ha_dir}/systemd/vsmserver.service" "${OPENVSM_SYSTEMD_UNIT_DIR}" 644)
openvsm_install_prefixed("${openvsm_ha_dir}/systemd/vsmagent.service" "${OPENVSM_SYSTEMD_UNIT_DIR}" 644)

# vsmserver.service makes the file system read-only except <prefix>/etc and <prefix>/var:
# the state folders must exist before the first start.
install(DIRECTORY DESTINATION var/lib/openvsm)
install(DIRECTORY DESTINATION var/run/openvsm)
install(DIRECTORY DESTINATION var/log/openvsm)
