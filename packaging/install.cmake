# `cmake --install` and the Debian package (CPack DEB, `scripts/dev package`).
# Configured with -DCMAKE_INSTALL_PREFIX=/usr (scripts/dev's release build,
# which the package reuses): /usr/sbin/autofixd, units in
# /lib/systemd/system (Debian 12's systemdsystemunitdir), config in /etc.
# The unit's ExecStart= follows the prefix given at configure time.
include(GNUInstallDirs)

set(AUTOFIXD_SYSTEMD_UNIT_DIR "" CACHE PATH
  "where the systemd units go (empty: systemd's own with prefix /usr, else PREFIX/lib/systemd/system)")
set(UNIT_DIR ${AUTOFIXD_SYSTEMD_UNIT_DIR})
if(NOT UNIT_DIR AND CMAKE_INSTALL_PREFIX STREQUAL "/usr")
  pkg_get_variable(UNIT_DIR systemd systemdsystemunitdir)
endif()
if(NOT UNIT_DIR)
  set(UNIT_DIR lib/systemd/system)  # under the prefix
endif()
# The daemon reads /etc/autofixd/autofixd.toml by default, whatever the prefix.
set(AUTOFIXD_CONFIG_DIR /etc/autofixd CACHE PATH "where the example config goes")

install(TARGETS autofixd RUNTIME DESTINATION ${CMAKE_INSTALL_SBINDIR})

# The unit names /usr/sbin/autofixd; another prefix gets its own path.
set(AUTOFIXD_INSTALLED_BINARY ${CMAKE_INSTALL_FULL_SBINDIR}/autofixd)
file(READ ${CMAKE_SOURCE_DIR}/systemd/autofixd.service UNIT_TEXT)
string(REPLACE "/usr/sbin/autofixd" "${AUTOFIXD_INSTALLED_BINARY}" UNIT_TEXT "${UNIT_TEXT}")
file(GENERATE OUTPUT ${CMAKE_BINARY_DIR}/install/autofixd.service CONTENT "${UNIT_TEXT}")
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS
  ${CMAKE_SOURCE_DIR}/systemd/autofixd.service)
install(FILES ${CMAKE_BINARY_DIR}/install/autofixd.service
  ${CMAKE_SOURCE_DIR}/systemd/autofixd.socket
  DESTINATION ${UNIT_DIR} PERMISSIONS OWNER_READ OWNER_WRITE GROUP_READ WORLD_READ)
install(FILES ${CMAKE_SOURCE_DIR}/packaging/sysusers.conf
  DESTINATION lib/sysusers.d RENAME autofixd.conf)
install(FILES ${CMAKE_SOURCE_DIR}/packaging/tmpfiles.conf
  DESTINATION lib/tmpfiles.d RENAME autofixd.conf)
install(FILES ${CMAKE_SOURCE_DIR}/config/autofixd.toml DESTINATION ${AUTOFIXD_CONFIG_DIR})

# Debian wants manual pages and changelogs compressed, reproducibly (-n). A
# native package (version without a Debian revision): changelog.gz.
set(MAN_GZ ${CMAKE_BINARY_DIR}/install/autofixd.8.gz)
add_custom_command(OUTPUT ${MAN_GZ}
  COMMAND gzip -9nc ${CMAKE_SOURCE_DIR}/packaging/autofixd.8 > ${MAN_GZ}
  DEPENDS ${CMAKE_SOURCE_DIR}/packaging/autofixd.8 VERBATIM)
set(CHANGELOG_GZ ${CMAKE_BINARY_DIR}/install/changelog.gz)
add_custom_command(OUTPUT ${CHANGELOG_GZ}
  COMMAND gzip -9nc ${CMAKE_SOURCE_DIR}/packaging/changelog > ${CHANGELOG_GZ}
  DEPENDS ${CMAKE_SOURCE_DIR}/packaging/changelog VERBATIM)
add_custom_target(autofixd_install_files ALL DEPENDS ${MAN_GZ} ${CHANGELOG_GZ})
install(FILES ${MAN_GZ} DESTINATION ${CMAKE_INSTALL_MANDIR}/man8)
install(FILES ${CMAKE_SOURCE_DIR}/README.md ${CMAKE_SOURCE_DIR}/packaging/copyright
  ${CHANGELOG_GZ} DESTINATION ${CMAKE_INSTALL_DOCDIR})

# The .deb. Depends: computed from the binary's libraries (dpkg-shlibdeps).
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME autofixd)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_CONTACT "autofixd maintainers <maintainers@users.noreply.b-seed-d08fa48f.example>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "Sentry alerts to Seer Autofix runs, as a service")
# CPack puts the summary on the Description: line; this is the long text.
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION
  "autofixd receives Sentry webhooks, stores each delivery before answering,\n\
decides with configured rules whether an issue gets a Seer Autofix run,\n\
follows the run and posts the outcome as an issue comment. It runs as a\n\
hardened systemd service with notify, watchdog and optional socket\n\
activation.")
set(CPACK_DEBIAN_PACKAGE_SECTION admin)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# The maintainer scripts use systemd-sysusers and systemd-tmpfiles.
set(CPACK_DEBIAN_PACKAGE_DEPENDS "systemd")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
configure_file(${CMAKE_SOURCE_DIR}/packaging/debian/conffiles.in
  ${CMAKE_BINARY_DIR}/install/conffiles @ONLY)
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA
  ${CMAKE_BINARY_DIR}/install/conffiles
  ${CMAKE_SOURCE_DIR}/packaging/debian/postinst
  ${CMAKE_SOURCE_DIR}/packaging/debian/prerm
  ${CMAKE_SOURCE_DIR}/packaging/debian/postrm)
include(CPack)
