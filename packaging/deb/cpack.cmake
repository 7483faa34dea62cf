# CPack: one Debian package per role (component). Included with OPENVSM_DEB_LAYOUT; run by
# packaging/deb/build. dpkg-shlibdeps computes the library dependencies; the rest is below.
# The version and maintainer are set in deb/layout.cmake (the changelogs need them first).

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME openvsm)
set(CPACK_PACKAGE_VENDOR OpenVSM)
set(CPACK_PACKAGE_VERSION "${OPENVSM_DEB_UPSTREAM_VERSION}")
set(CPACK_DEBIAN_PACKAGE_RELEASE "${OPENVSM_DEB_REVISION}")
set(CPACK_PACKAGE_CONTACT "${OPENVSM_DEB_MAINTAINER}")
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "${OPENVSM_DEB_MAINTAINER}")
# Absolute destinations (/etc/openvsm, /lib/systemd/system …) land in the package, not on the
# build machine.
set(CPACK_SET_DESTDIR ON)
set(CPACK_PACKAGING_INSTALL_PREFIX "${CMAKE_INSTALL_PREFIX}")
set(CPACK_STRIP_FILES ON)
set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_COMPONENTS_ALL common server agent client console)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_SECTION net)
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE "")
set(CPACK_THREADS 2)

set(openvsm_same "(= ${OPENVSM_DEB_VERSION})")
set(openvsm_scripts "${CMAKE_CURRENT_LIST_DIR}/scripts")

# openvsm_deb_package(COMPONENT SECTION SUMMARY DESCRIPTION [DEPENDS d] [RECOMMENDS r]
#                     [SUGGESTS s] [CONFFILES f...])
function(openvsm_deb_package component section summary description)
    cmake_parse_arguments(P "" "DEPENDS;RECOMMENDS;SUGGESTS" "CONFFILES" ${ARGN})
    string(TOUPPER ${component} C)
    set(CPACK_DEBIAN_${C}_PACKAGE_NAME openvsm-${component} PARENT_SCOPE)
    set(CPACK_DEBIAN_${C}_PACKAGE_SECTION ${section} PARENT_SCOPE)
    set(CPACK_COMPONENT_${C}_DESCRIPTION "${summary}\n${description}" PARENT_SCOPE)
    set(CPACK_DEBIAN_${C}_PACKAGE_DEPENDS "${P_DEPENDS}" PARENT_SCOPE)
    set(CPACK_DEBIAN_${C}_PACKAGE_RECOMMENDS "${P_RECOMMENDS}" PARENT_SCOPE)
    set(CPACK_DEBIAN_${C}_PACKAGE_SUGGESTS "${P_SUGGESTS}" PARENT_SCOPE)
    set(extra "")
    set(dir "${PROJECT_BINARY_DIR}/deb/openvsm-${component}")
    if(P_CONFFILES)
        list(JOIN P_CONFFILES "\n" lines)
        file(WRITE "${dir}/conffiles" "${lines}\n")
        list(APPEND extra "${dir}/conffiles")
    endif()
    foreach(script IN ITEMS postinst prerm postrm)
        if(EXISTS "${openvsm_scripts}/openvsm-${component}.${script}")
            configure_file("${openvsm_scripts}/openvsm-${component}.${script}" "${dir}/${script}" COPYONLY)
            list(APPEND extra "${dir}/${script}")
        endif()
    endforeach()
    set(CPACK_DEBIAN_${C}_PACKAGE_CONTROL_EXTRA "${extra}" PARENT_SCOPE)
endfunction()

openvsm_deb_package(common admin "OpenVSM remote-desktop session broker - common files"
    "OpenVSM brokers desktop sessions (Xvnc) on terminal servers, with two VSM\nservers replicating the session database for high availability.\n.\nThis package holds tl-config (hiveconf parameters), tl-cluster-key, the root\nconfiguration in /etc/openvsm and the login script that puts /opt/openvsm/bin\nand /opt/openvsm/sbin on PATH."
    CONFFILES /etc/openvsm/openvsm.hconf /etc/openvsm/conf.d/vsm.hconf /etc/profile.d/openvsm.sh)
openvsm_deb_package(server net "OpenVSM remote-desktop session broker - VSM server"
    "The VSM server (vsmserver) keeps the session database, balances new sessions\nover the agents, answers clients through the session helper run by sshd and\nreplicates to its HA peer. With tlctl, the keepalived example and notify hook\nand the Pacemaker resource agent ocf:openvsm:vsmserver."
    DEPENDS "openvsm-common ${openvsm_same}, libqt6sql6-sqlite"
    RECOMMENDS "openssh-server"
    SUGGESTS "keepalived, pacemaker, pcs, resource-agents"
    CONFFILES /etc/openvsm/conf.d/vsmserver.hconf)
openvsm_deb_package(agent net "OpenVSM remote-desktop session broker - VSM agent"
    "The VSM agent (vsmagent) runs on every terminal server and starts one Xvnc\ndesktop per session as its user, in a systemd scope of its own, so that\nsessions keep running when the agent stops or is upgraded."
    DEPENDS "openvsm-common ${openvsm_same}, tigervnc-standalone-server"
    RECOMMENDS "openssh-server, xauth"
    CONFFILES /etc/openvsm/conf.d/vsmagent.hconf)
openvsm_deb_package(client net "OpenVSM remote-desktop session broker - client"
    "tlclient logs in to an OpenVSM server over SSH, reconnects to the user's\ndesktop session or starts one, tunnels VNC to its agent and starts TigerVNC's\nviewer."
    DEPENDS "openssh-client, tigervnc-viewer")
openvsm_deb_package(console admin "OpenVSM remote-desktop session broker - administration console"
    "tl-console shows both nodes of an OpenVSM cluster: sessions, agents, HA state\nand configuration, and runs failover drills; tl-ha-setup-gui is the HA setup\nwizard's window (the checks of tl-ha-setup). Admin passwords are kept in the\ndesktop keychain (QtKeychain)."
    # Qt's own texts (buttons, standard dialogs) in the desktop's language
    RECOMMENDS "qt6-translations-l10n")

include(CPack)
