#pragma once

#include "backend/tools/tlclient/clientoptions.h"
#include "backend/tools/tlclient/helperreply.h"

#include <QTextStream>

namespace Tlclient {

// tlclient's whole run: ask the server over SSH, tunnel to the agent, log in or start the viewer.
class TlClient final {
public:
    enum Exit { ExitOk = 0, ExitFailed = 1, ExitUsage = 2, ExitUnreachable = 3 };

    TlClient(const ClientOptions &options, QTextStream &out, QTextStream &err);
    Q_DISABLE_COPY_MOVE(TlClient)

    int run();

private:
    // Runs tl-session-helper on the server; *exit is set to the exit code to return on failure,
    // *mayPass to whether trying again soon may succeed (see sshFailureMayPass()).
    HelperReply askServer(const QStringList &helperArguments, bool needSession, int *exit, bool *mayPass);
    // askServer(), made again once a second for --retry seconds while it fails in a way that may
    // pass, when `repeatable` (the call changes nothing when made twice).
    HelperReply askServerRetrying(const QStringList &helperArguments, bool needSession, bool repeatable,
                                  int *exit);
    int connectTo(const Protocol::ClientSession &session);

    ClientOptions m_options;
    QTextStream &m_out;
    QTextStream &m_err;
};

} // namespace Tlclient
