# Third-party packages, all from Debian 12.

find_package(PostgreSQL REQUIRED)
# Poco 1.11's CMake config names PostgreSQL::client, which nothing defines.
if(NOT TARGET PostgreSQL::client)
  add_library(PostgreSQL::client INTERFACE IMPORTED)
  target_link_libraries(PostgreSQL::client INTERFACE PostgreSQL::PostgreSQL)
endif()

# The SQLite library Poco's connector uses: govsync adds SQL functions to its connections.
find_package(SQLite3 REQUIRED)
find_package(Poco 1.11 REQUIRED COMPONENTS Foundation Util Net NetSSL Crypto JSON XML Zip Data DataSQLite DataPostgreSQL)
find_package(Boost 1.74 REQUIRED)
find_package(spdlog REQUIRED)
find_package(fmt REQUIRED)
find_package(Threads REQUIRED)
