# The Debian packages' layout (included from packaging/CMakeLists.txt with OPENVSM_DEB_LAYOUT).
#
# Programs stay under the seed's prefix /opt/openvsm (bin, sbin, libexec, share), as ThinLinc's
# do under /opt/thinlinc, so that every path the seed and the README name works. What Debian
# keeps elsewhere moves out, and the prefix links to it, so the programs need no other paths:
#   /opt/openvsm/etc               -> /etc/openvsm        configuration (conffiles)
#   /opt/openvsm/var/lib/openvsm   -> /var/lib/openvsm    state
#   /opt/openvsm/var/run/openvsm   -> /run/openvsm        sockets, the HA engine's state file
#   /opt/openvsm/var/log/openvsm   -> /var/log/openvsm    log files (when configured)
# plus /etc/profile.d/openvsm.sh, /lib/systemd/system/*.service, /usr/lib/tmpfiles.d,
# /usr/lib/ocf/resource.d/openvsm, /usr/share/man, /usr/share/bash-completion, /usr/share/doc
# and /usr/bin links for the desktop programs (tlclient, tl-console, tl-ha-setup-gui) and the session helper.
set(openvsm_deb_dir "${CMAKE_CURRENT_LIST_DIR}")
set(OPENVSM_DEB_REVISION "1" CACHE STRING "Debian revision of the packages (VERSION-REVISION)")
set(OPENVSM_DEB_UPSTREAM_VERSION "${PROJECT_VERSION}" CACHE STRING
    "Upstream part of the package version (packaging/deb/build --version)")
set(OPENVSM_DEB_MAINTAINER "OpenVSM maintainers <maintainers@users.noreply.r-seed-c51c46f2.example>"
    CACHE STRING "Maintainer field of the packages")
set(OPENVSM_DEB_VERSION "${OPENVSM_DEB_UPSTREAM_VERSION}-${OPENVSM_DEB_REVISION}")
set(openvsm_etc "${CMAKE_CURRENT_SOURCE_DIR}/etc")

# Configuration: conffiles (deb/cpack.cmake lists them), each with the package that reads it.
install(FILES "${openvsm_etc}/openvsm.hconf" DESTINATION /etc/openvsm COMPONENT common)
install(FILES "${openvsm_etc}/conf.d/vsm.hconf" DESTINATION /etc/openvsm/conf.d COMPONENT common)
install(FILES "${openvsm_etc}/conf.d/vsmserver.hconf" DESTINATION /etc/openvsm/conf.d COMPONENT server)
install(FILES "${openvsm_etc}/conf.d/vsmagent.hconf" DESTINATION /etc/openvsm/conf.d COMPONENT agent)

# openvsm_deb_link(LINK TARGET COMPONENT): a symbolic link in the package.
function(openvsm_deb_link link target component)
    install(CODE "
        get_filename_component(openvsm_dir \"\$ENV{DESTDIR}${link}\" DIRECTORY)
        file(MAKE_DIRECTORY \"\${openvsm_dir}\")
        message(STATUS \"Linking: \$ENV{DESTDIR}${link} -> ${target}\")
        file(CREATE_LINK \"${target}\" \"\$ENV{DESTDIR}${link}\" SYMBOLIC)
    " COMPONENT ${component})
endfunction()
openvsm_deb_link(/opt/openvsm/etc /etc/openvsm common)
openvsm_deb_link(/opt/openvsm/var/lib/openvsm /var/lib/openvsm common)
openvsm_deb_link(/opt/openvsm/var/run/openvsm /run/openvsm common)
openvsm_deb_link(/opt/openvsm/var/log/openvsm /var/log/openvsm common)
openvsm_deb_link(/usr/bin/tlclient /opt/openvsm/bin/tlclient client)
openvsm_deb_link(/usr/bin/tl-console /opt/openvsm/bin/tl-console console)
openvsm_deb_link(/usr/bin/tl-ha-setup-gui /opt/openvsm/bin/tl-ha-setup-gui console)
# sshd runs the session helper for tlclient without a login shell, so without profile.d's PATH.
openvsm_deb_link(/usr/bin/tl-session-helper /opt/openvsm/bin/tl-session-helper server)

# PATH for logins (the seed: "logout and login again" for tl-config).
install(CODE "
    set(OPENVSM_INSTALL_PREFIX \"\${CMAKE_INSTALL_PREFIX}\")
    set(openvsm_profile \"\$ENV{DESTDIR}/etc/profile.d/openvsm.sh\")
    message(STATUS \"Installing: \${openvsm_profile}\")
    configure_file(\"${CMAKE_CURRENT_SOURCE_DIR}/profile.d/openvsm.sh.in\" \"\${openvsm_profile}\" @ONLY)
    file(CHMOD \"\${openvsm_profile}\" PERMISSIONS OWNER_READ OWNER_WRITE GROUP_READ WORLD_READ)
" COMPONENT common)

install(FILES "${openvsm_deb_dir}/openvsm.tmpfiles" DESTINATION /usr/lib/tmpfiles.d RENAME openvsm.conf
        COMPONENT common)

# Man pages (gzip -9n, as policy asks) and completion, each with the package of its program.
set(openvsm_man_component_vsmserver.8 server)
set(openvsm_man_component_tlctl.8 server)
set(openvsm_man_component_tl-ha-setup.8 server)
set(openvsm_man_component_tl-session-helper.1 server)
set(openvsm_man_component_vsmagent.8 agent)
set(openvsm_man_component_tlclient.1 client)
set(openvsm_man_component_tl-console.1 console)
set(openvsm_man_component_tl-ha-setup-gui.1 console)
foreach(page IN LISTS OPENVSM_MAN_PAGES)
    string(REGEX REPLACE ".*\\.([0-9])$" "\\1" section "${page}")
    set(component common)
    if(DEFINED openvsm_man_component_${page})
        set(component ${openvsm_man_component_${page}})
    endif()
    install(CODE "
        set(openvsm_out \"\$ENV{DESTDIR}/usr/share/man/man${section}/${page}.gz\")
        file(MAKE_DIRECTORY \"\$ENV{DESTDIR}/usr/share/man/man${section}\")
        message(STATUS \"Installing: \${openvsm_out}\")
        execute_process(COMMAND gzip -9nc \"${OPENVSM_MAN_DIR}/${page}\" OUTPUT_FILE \"\${openvsm_out}\"
                        RESULT_VARIABLE openvsm_rc)
        if(NOT openvsm_rc EQUAL 0)
            message(FATAL_ERROR \"gzip ${page} failed\")
        endif()
        file(CHMOD \"\${openvsm_out}\" PERMISSIONS OWNER_READ OWNER_WRITE GROUP_READ WORLD_READ)
    " COMPONENT ${component})
endforeach()
set(openvsm_completions /usr/share/bash-completion/completions)
install(FILES "${OPENVSM_COMPLETION_DIR}/tl-config" DESTINATION ${openvsm_completions} COMPONENT common)
install(FILES "${OPENVSM_COMPLETION_DIR}/tlclient" DESTINATION ${openvsm_completions} COMPONENT client)
install(FILES "${OPENVSM_COMPLETION_DIR}/tlctl" DESTINATION ${openvsm_completions} COMPONENT server)

# /usr/share/doc/PACKAGE: copyright and changelog; lintian overrides, each explained in its file.
string(TIMESTAMP openvsm_deb_date "%a, %d %b %Y %H:%M:%S +0000" UTC)
foreach(component IN ITEMS common server agent client console)
    set(package openvsm-${component})
    configure_file("${openvsm_deb_dir}/changelog.in" "${PROJECT_BINARY_DIR}/deb/${package}/changelog.Debian" @ONLY)
    install(CODE "
        set(openvsm_out \"\$ENV{DESTDIR}/usr/share/doc/${package}/changelog.Debian.gz\")
        file(MAKE_DIRECTORY \"\$ENV{DESTDIR}/usr/share/doc/${package}\")
        execute_process(COMMAND gzip -9nc \"${PROJECT_BINARY_DIR}/deb/${package}/changelog.Debian\"
                        OUTPUT_FILE \"\${openvsm_out}\")
        file(CHMOD \"\${openvsm_out}\" PERMISSIONS OWNER_READ OWNER_WRITE GROUP_READ WORLD_READ)
    " COMPONENT ${component})
    install(FILES "${openvsm_deb_dir}/copyright" DESTINATION /usr/share/doc/${package} COMPONENT ${component})
    if(EXISTS "${openvsm_deb_dir}/lintian/${package}")
        install(FILES "${openvsm_deb_dir}/lintian/${package}" DESTINATION /usr/share/lintian/overrides
                COMPONENT ${component})
    endif()
endforeach()
