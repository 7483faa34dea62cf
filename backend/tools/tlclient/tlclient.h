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
    // Runs tl-session-helper on the server; *exit is set to the exit code to return on failure.
    HelperReply askServer(const QStringList &helperArguments, bool needSession, int *exit);
    int connectTo(const Protocol::ClientSession &session);

    ClientOptions m_options;
    QTextStream &m_out;
    QTextStream &m_err;
};

} // namespace Tlclient
