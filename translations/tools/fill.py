#!/usr/bin/env python3
"""Fills translations/openvsm_{sv,de}.ts from the tables below (run after lupdate when the
console's strings change; strings without a translation stay unfinished and lrelease fails)."""
import os
import sys
import xml.etree.ElementTree as ET

HERE = os.path.dirname(os.path.abspath(__file__))

# (context, source) -> (sv, de); plural entries -> ([sv forms], [de forms])
T = {
 ('Client::AdminClient', '%1 presented no certificate; not sending the password'):
  ('%1 visade inget certifikat; lösenordet skickas inte', '%1 hat kein Zertifikat vorgelegt; das Passwort wird nicht gesendet'),
 ('Client::AdminClient', 'the certificate of %1 has CHANGED (pinned %2, now %3); refused: not sending the password'):
  ('certifikatet för %1 har ÄNDRATS (fäst %2, nu %3); vägrat: lösenordet skickas inte', 'das Zertifikat von %1 hat sich GEÄNDERT (gespeichert %2, jetzt %3); abgelehnt: das Passwort wird nicht gesendet'),
 ('Client::AdminClient', 'the certificate of %1 (%2) was not accepted; not sending the password'):
  ('certifikatet för %1 (%2) godtogs inte; lösenordet skickas inte', 'das Zertifikat von %1 (%2) wurde nicht akzeptiert; das Passwort wird nicht gesendet'),
 ('Client::AdminClient', '%1 closed the connection: %2'): ('%1 stängde anslutningen: %2', '%1 hat die Verbindung geschlossen: %2'),
 ('Client::AdminClient', 'login to %1 refused: %2'): ('inloggning på %1 vägrades: %2', 'Anmeldung an %1 abgelehnt: %2'),
 ('Client::AdminClient', 'not connected'): ('inte ansluten', 'nicht verbunden'),
 ('Client::AdminClient', 'no answer from %1 for %2 s'): ('inget svar från %1 på %2 s', 'keine Antwort von %1 seit %2 s'),
 ('Console::AgentsPage', 'Agent'): ('Agent', 'Agent'),
 ('Console::AgentsPage', 'Reachable'): ('Nåbar', 'Erreichbar'),
 ('Console::AgentsPage', 'Sessions'): ('Sessioner', 'Sitzungen'),
 ('Console::AgentsPage', 'CPU'): ('CPU', 'CPU'),
 ('Console::AgentsPage', 'Memory'): ('Minne', 'Speicher'),
 ('Console::AgentsPage', 'allowed_clients'): ('allowed_clients', 'allowed_clients'),
 ('Console::AgentsPage', 'master_hostname'): ('master_hostname', 'master_hostname'),
 ('Console::AgentsPage', 'Check'): ('Kontroll', 'Prüfung'),
 ('Console::AgentsPage', 'Fix'): ('Åtgärda', 'Beheben'),
 ('Console::AgentsPage', 'yes'): ('ja', 'ja'),
 ('Console::AgentsPage', 'no: %1'): ('nej: %1', 'nein: %1'),
 ('Console::AgentsPage', '%1 % (%2 CPUs)'): ('%1 % (%2 CPU:er)', '%1 % (%2 CPUs)'),
 ('Console::AgentsPage', '%1 of %2 GiB'): ('%1 av %2 GiB', '%1 von %2 GiB'),
 ('Console::AgentsPage', 'allowed_clients lacks %1'): ('allowed_clients saknar %1', 'allowed_clients fehlt %1'),
 ('Console::AgentsPage', "master_hostname is '%1', not the resource name %2"):
  ("master_hostname är '%1', inte resursnamnet %2", "master_hostname ist '%1', nicht der Ressourcenname %2"),
 ('Console::AgentsPage', 'unknown'): ('okänt', 'unbekannt'),
 ('Console::AgentsPage', 'OK'): ('OK', 'OK'),
 ('Console::AgentsPage', 'Agent %1 changed.'): ('Agenten %1 ändrades.', 'Agent %1 wurde geändert.'),
 ('Console::AgentsPage', 'Changing agent %1 failed: %2'): ('Det gick inte att ändra agenten %1: %2', 'Ändern von Agent %1 fehlgeschlagen: %2'),
 ('Console::ConfigPage', "Terminal servers (/vsmserver/terminalservers): the agents the nodes start sessions on. Use each agent's unique host name, never 127.0.0.1, when HA is on."):
  ('Terminalservrar (/vsmserver/terminalservers): agenterna som noderna startar sessioner på. Använd varje agents unika värdnamn, aldrig 127.0.0.1, när HA är på.',
   'Terminalserver (/vsmserver/terminalservers): die Agenten, auf denen die Knoten Sitzungen starten. Bei aktivem HA den eindeutigen Hostnamen jedes Agenten verwenden, nie 127.0.0.1.'),
 ('Console::ConfigPage', 'host or host:port'): ('värd eller värd:port', 'Host oder Host:Port'),
 ('Console::ConfigPage', 'Add'): ('Lägg till', 'Hinzufügen'),
 ('Console::ConfigPage', 'Remove'): ('Ta bort', 'Entfernen'),
 ('Console::ConfigPage', 'Reload'): ('Läs om', 'Neu laden'),
 ('Console::ConfigPage', 'Apply to both nodes'): ('Verkställ på båda noderna', 'Auf beide Knoten anwenden'),
 ('Console::ConfigPage', 'The list is empty: no sessions could be started. Add at least one agent.'):
  ('Listan är tom: inga sessioner skulle kunna startas. Lägg till minst en agent.', 'Die Liste ist leer: es könnten keine Sitzungen gestartet werden. Mindestens einen Agenten hinzufügen.'),
 ('Console::ConfigPage', '%1: not connected, not changed'): ('%1: inte ansluten, inte ändrad', '%1: nicht verbunden, nicht geändert'),
 ('Console::ConfigPage', 'Applying…'): ('Verkställer…', 'Wird angewendet…'),
 ('Console::ConfigPage', '%1 refused: %2'): ('%1 vägrade: %2', '%1 lehnte ab: %2'),
 ('Console::ConfigPage', 'Read back: identical on every node: %1'): ('Återläst: identisk på alla noder: %1', 'Zurückgelesen: auf allen Knoten gleich: %1'),
 ('Console::ConfigPage', 'Read back from %n node(s): %1'):
  (['Återläst från %n nod: %1', 'Återläst från %n noder: %1'], ['Von %n Knoten zurückgelesen: %1', 'Von %n Knoten zurückgelesen: %1']),
 ('Console::ConfigPage', 'The nodes DIFFER:'): ('Noderna SKILJER SIG:', 'Die Knoten UNTERSCHEIDEN sich:'),
 ('Console::ConfigPage', '%1: %2'): ('%1: %2', '%1: %2'),
 ('Console::ConnectDialog', 'Connect to a cluster'): ('Anslut till ett kluster', 'Mit einem Cluster verbinden'),
 ('Console::ConnectDialog', '(new cluster)'): ('(nytt kluster)', '(neuer Cluster)'),
 ('Console::ConnectDialog', 'host or host:port (admin port 9002)'): ('värd eller värd:port (administrationsport 9002)', 'Host oder Host:Port (Admin-Port 9002)'),
 ('Console::ConnectDialog', 'the other node (empty for a lone server)'): ('den andra noden (tom för en ensam server)', 'der andere Knoten (leer bei einem einzelnen Server)'),
 ('Console::ConnectDialog', 'the resource name the HA engine moves'): ('resursnamnet som HA-motorn flyttar', 'der Ressourcenname, den die HA-Software verschiebt'),
 ('Console::ConnectDialog', 'Keep the password in the desktop keychain'): ('Spara lösenordet i skrivbordets nyckelring', 'Passwort im Schlüsselbund des Desktops speichern'),
 ('Console::ConnectDialog', 'Recent:'): ('Senaste:', 'Zuletzt:'),
 ('Console::ConnectDialog', 'Node 1:'): ('Nod 1:', 'Knoten 1:'),
 ('Console::ConnectDialog', 'Node 2:'): ('Nod 2:', 'Knoten 2:'),
 ('Console::ConnectDialog', 'Resource name:'): ('Resursnamn:', 'Ressourcenname:'),
 ('Console::ConnectDialog', 'Admin password:'): ('Administratörslösenord:', 'Admin-Passwort:'),
 ('Console::ConnectDialog', 'Connect'): ('Anslut', 'Verbinden'),
 ('Console::ConnectDialog', 'No keychain service is available: the password is asked each time and is not stored anywhere.'):
  ('Ingen nyckelringstjänst finns: lösenordet efterfrågas varje gång och sparas ingenstans.', 'Kein Schlüsselbund-Dienst verfügbar: das Passwort wird jedes Mal abgefragt und nirgends gespeichert.'),
 ('Console::FingerprintDialog', 'Certificate changed'): ('Certifikatet har ändrats', 'Zertifikat geändert'),
 ('Console::FingerprintDialog', 'New node certificate'): ('Nytt nodcertifikat', 'Neues Knotenzertifikat'),
 ('Console::FingerprintDialog', 'WARNING: the admin certificate of %1 has CHANGED since it was pinned.\n\nPinned:\n%2\n\nPresented now:\n%3\n\nSomeone may be intercepting the connection. Accept only if the node was reinstalled on purpose and the new fingerprint matches what the node shows.'):
  ('VARNING: administrationscertifikatet för %1 har ÄNDRATS sedan det fästes.\n\nFäst:\n%2\n\nVisas nu:\n%3\n\nNågon kan avlyssna anslutningen. Godta bara om noden installerades om avsiktligt och det nya fingeravtrycket stämmer med det noden visar.',
   'WARNUNG: das Admin-Zertifikat von %1 hat sich GEÄNDERT, seit es gespeichert wurde.\n\nGespeichert:\n%2\n\nJetzt vorgelegt:\n%3\n\nJemand könnte die Verbindung abfangen. Nur akzeptieren, wenn der Knoten absichtlich neu installiert wurde und der neue Fingerabdruck mit dem übereinstimmt, den der Knoten anzeigt.'),
 ('Console::FingerprintDialog', 'This is the first connection to %1.\n\nIts admin certificate has the SHA-256 fingerprint:\n%2\n\nCompare it with the fingerprint the node logs at start (or shows in `tlctl --node … status`). If it matches, trust it: it will be pinned.'):
  ('Detta är den första anslutningen till %1.\n\nDess administrationscertifikat har SHA-256-fingeravtrycket:\n%2\n\nJämför det med fingeravtrycket som noden loggar vid start (eller visar i `tlctl --node … status`). Om det stämmer, lita på det: det fästs.',
   'Dies ist die erste Verbindung zu %1.\n\nSein Admin-Zertifikat hat den SHA-256-Fingerabdruck:\n%2\n\nVergleichen Sie ihn mit dem Fingerabdruck, den der Knoten beim Start protokolliert (oder in `tlctl --node … status` anzeigt). Wenn er übereinstimmt, vertrauen Sie ihm: er wird gespeichert.'),
 ('Console::FingerprintDialog', 'Accept the new certificate'): ('Godta det nya certifikatet', 'Neues Zertifikat akzeptieren'),
 ('Console::FingerprintDialog', 'Trust and connect'): ('Lita på och anslut', 'Vertrauen und verbinden'),
 ('Console::FingerprintDialog', 'Refuse'): ('Vägra', 'Ablehnen'),
 ('Widgets::KeychainStore', 'no keychain service is available'): ('ingen nyckelringstjänst finns', 'kein Schlüsselbund-Dienst verfügbar'),
 ('Console::MainWindow', 'Overview'): ('Översikt', 'Übersicht'),
 ('Console::MainWindow', 'Sessions'): ('Sessioner', 'Sitzungen'),
 ('Console::MainWindow', 'Agents'): ('Agenter', 'Agenten'),
 ('Console::MainWindow', 'Configuration'): ('Konfiguration', 'Konfiguration'),
 ('Console::MainWindow', '&Cluster'): ('&Kluster', '&Cluster'),
 ('Console::MainWindow', '&Connect…'): ('&Anslut…', '&Verbinden…'),
 ('Console::MainWindow', '&Refresh'): ('&Uppdatera', '&Aktualisieren'),
 ('Console::MainWindow', '&Quit'): ('A&vsluta', '&Beenden'),
 ('Console::MainWindow', 'Not connected. Use Cluster → Connect.'): ('Inte ansluten. Använd Kluster → Anslut.', 'Nicht verbunden. Cluster → Verbinden verwenden.'),
 ('Console::MainWindow', 'OpenVSM console'): ('OpenVSM-konsol', 'OpenVSM-Konsole'),
 ('Console::MainWindow', 'OpenVSM console – %1'): ('OpenVSM-konsol – %1', 'OpenVSM-Konsole – %1'),
 ('Console::MainWindow', 'Connect'): ('Anslut', 'Verbinden'),
 ('Console::MainWindow', 'Give at least one node.'): ('Ange minst en nod.', 'Mindestens einen Knoten angeben.'),
 ('Console::MainWindow', 'The password was not stored in the keychain: %1'): ('Lösenordet sparades inte i nyckelringen: %1', 'Das Passwort wurde nicht im Schlüsselbund gespeichert: %1'),
 ('Console::MainWindow', 'cannot write %1'): ('kan inte skriva %1', '%1 kann nicht geschrieben werden'),
 ('Console::NodeConnection', 'connection lost: %1'): ('anslutningen förlorades: %1', 'Verbindung verloren: %1'),
 ('Console::OverviewPage', '%1 min'): ('%1 min', '%1 Min.'),
 ('Console::OverviewPage', '%1 h %2 min'): ('%1 h %2 min', '%1 Std. %2 Min.'),
 ('Console::OverviewPage', '%1 d %2 h'): ('%1 d %2 h', '%1 T. %2 Std.'),
 ('Console::OverviewPage', 'Sessions'): ('Sessioner', 'Sitzungen'),
 ('Console::OverviewPage', '(no second node)'): ('(ingen andra nod)', '(kein zweiter Knoten)'),
 ('Console::OverviewPage', 'Only one node is configured: there is no failover partner.'): ('Bara en nod är angiven: det finns ingen failover-partner.', 'Nur ein Knoten ist angegeben: es gibt keinen Failover-Partner.'),
 ('Console::OverviewPage', 'not configured'): ('inte angiven', 'nicht angegeben'),
 ('Console::OverviewPage', 'connecting…'): ('ansluter…', 'verbindet…'),
 ('Console::OverviewPage', 'unreachable'): ('onåbar', 'nicht erreichbar'),
 ('Console::OverviewPage', '%1: %2'): ('%1: %2', '%1: %2'),
 ('Console::OverviewPage', 'enabled; role and replication unknown (this vsmserver does not replicate yet)'):
  ('påslaget; roll och replikering okända (denna vsmserver replikerar inte ännu)', 'aktiviert; Rolle und Replikation unbekannt (dieser vsmserver repliziert noch nicht)'),
 ('Console::OverviewPage', 'not enabled'): ('inte påslaget', 'nicht aktiviert'),
 ('Console::OverviewPage', 'connected to %1'): ('ansluten till %1', 'verbunden mit %1'),
 ('Console::OverviewPage', 'Version: %1\nUp: %2\nSessions: %3\nAgents reachable: %4 of %5\nHA: %6'):
  ('Version: %1\nIgång: %2\nSessioner: %3\nNåbara agenter: %4 av %5\nHA: %6', 'Version: %1\nLaufzeit: %2\nSitzungen: %3\nErreichbare Agenten: %4 von %5\nHA: %6'),
 ('Console::OverviewPage', '%1: no agents are configured (/vsmserver/terminalservers is empty)'):
  ('%1: inga agenter är angivna (/vsmserver/terminalservers är tom)', '%1: keine Agenten angegeben (/vsmserver/terminalservers ist leer)'),
 ('Console::OverviewPage', '%1: agent %2 is unreachable: %3'): ('%1: agenten %2 är onåbar: %3', '%1: Agent %2 ist nicht erreichbar: %3'),
 ('Console::OverviewPage', 'terminalservers: %1'): ('terminalservers: %1', 'terminalservers: %1'),
 ('Console::OverviewPage', 'logged in, waiting for the status…'): ('inloggad, väntar på status…', 'angemeldet, warte auf den Status…'),
 ('Console::OverviewPage', 'Replication lag'): ('Replikeringsfördröjning', 'Replikationsverzögerung'),
 ('Console::OverviewPage', 'sessions'): ('sessioner', 'Sitzungen'),
 ('Console::OverviewPage', 'ms'): ('ms', 'ms'),
 ('Widgets::LiveChart', '%1 %2'): ('%1 %2', '%1 %2'),
 ('Widgets::LiveChart', 'now'): ('nu', 'jetzt'),
 ('Widgets::LiveChart', '%1 s'): ('%1 s', '%1 s'),
 ('Widgets::LiveChart', '%1 min'): ('%1 min', '%1 min'),
 ('Console::OverviewPage', 'enabled; state unknown'): ('påslaget; tillstånd okänt', 'aktiviert; Zustand unbekannt'),
 ('Console::OverviewPage', '%1: HA is enabled but not running: %2'): ('%1: HA är påslaget men körs inte: %2', '%1: HA ist aktiviert, läuft aber nicht: %2'),
 ('Console::OverviewPage', 'enabled but not running'): ('påslaget men körs inte', 'aktiviert, läuft aber nicht'),
 ('Console::OverviewPage', 'replication link %1 (%2), lag %3 changes / %4 ms'): ('replikeringslänk %1 (%2), fördröjning %3 ändringar / %4 ms', 'Replikationsverbindung %1 (%2), Verzögerung %3 Änderungen / %4 ms'),
 ('Console::OverviewPage', '%1: the replication link to %2 is down'): ('%1: replikeringslänken till %2 är nere', '%1: die Replikationsverbindung zu %2 ist unterbrochen'),
 ('Console::OverviewPage', 'DEGRADED: %1'): ('DEGRADERAD: %1', 'BEEINTRÄCHTIGT: %1'),
 ('Console::OverviewPage', '%1: degraded: %2'): ('%1: degraderad: %2', '%1: beeinträchtigt: %2'),
 ('Console::OverviewPage', 'configuration of the peer not known yet'): ('partnerns konfiguration är ännu okänd', 'Konfiguration des Partners noch unbekannt'),
 ('Console::OverviewPage', 'configuration identical on both nodes'): ('konfigurationen är identisk på båda noderna', 'Konfiguration auf beiden Knoten gleich'),
 ('Console::OverviewPage', 'configuration differs: %1'): ('konfigurationen skiljer sig: %1', 'Konfiguration unterscheidet sich: %1'),
 ('Console::OverviewPage', '%1: configuration differs from the peer: %2'): ('%1: konfigurationen skiljer sig från partnerns: %2', '%1: Konfiguration unterscheidet sich vom Partner: %2'),
 ('Console::OverviewPage', 'No problems.'): ('Inga problem.', 'Keine Probleme.'),
 ('Console::OverviewPage', 'Problems:'): ('Problem:', 'Probleme:'),
 ('Console::SessionModel', '%1 s'): ('%1 s', '%1 s'),
 ('Console::SessionModel', '%1 min'): ('%1 min', '%1 Min.'),
 ('Console::SessionModel', '%1 h %2 min'): ('%1 h %2 min', '%1 Std. %2 Min.'),
 ('Console::SessionModel', '%1 d %2 h'): ('%1 d %2 h', '%1 T. %2 Std.'),
 ('Console::SessionModel', 'running'): ('körs', 'läuft'),
 ('Console::SessionModel', 'disconnected'): ('frånkopplad', 'getrennt'),
 ('Console::SessionModel', 'User'): ('Användare', 'Benutzer'),
 ('Console::SessionModel', 'Agent'): ('Agent', 'Agent'),
 ('Console::SessionModel', 'Display'): ('Display', 'Display'),
 ('Console::SessionModel', 'State'): ('Tillstånd', 'Zustand'),
 ('Console::SessionModel', 'Age'): ('Ålder', 'Alter'),
 ('Console::SessionModel', 'Last client'): ('Senaste klient', 'Letzter Client'),
 ('Console::SessionModel', 'Node'): ('Nod', 'Knoten'),
 ('Console::SessionModel', 'Session ID'): ('Sessions-ID', 'Sitzungs-ID'),
 ('Console::SessionsPage', 'Filter: user, agent, display, state, client, node…'): ('Filter: användare, agent, display, tillstånd, klient, nod…', 'Filter: Benutzer, Agent, Display, Zustand, Client, Knoten…'),
 ('Console::SessionsPage', 'Terminate…'): ('Avsluta…', 'Beenden…'),
 ('Console::SessionsPage', '%n session(s) shown'): (['%n session visas', '%n sessioner visas'], ['%n Sitzung angezeigt', '%n Sitzungen angezeigt']),
 ('Console::SessionsPage', '%n in total'): (['%n totalt', '%n totalt'], ['%n insgesamt', '%n insgesamt']),
 ('Console::SessionsPage', 'Terminate sessions'): ('Avsluta sessioner', 'Sitzungen beenden'),
 ('Console::SessionsPage', 'Terminate %n session(s)? Unsaved work in them is lost.'):
  (['Avsluta %n session? Osparat arbete i den går förlorat.', 'Avsluta %n sessioner? Osparat arbete i dem går förlorat.'],
   ['%n Sitzung beenden? Ungespeicherte Arbeit darin geht verloren.', '%n Sitzungen beenden? Ungespeicherte Arbeit darin geht verloren.']),
 ('Console::SessionsPage', '%n session(s) terminated.'): (['%n session avslutades.', '%n sessioner avslutades.'], ['%n Sitzung beendet.', '%n Sitzungen beendet.']),
 ('Console::SessionsPage', 'Terminating failed: %1'): ('Det gick inte att avsluta: %1', 'Beenden fehlgeschlagen: %1'),
 ('main', 'Admin password'): ('Administratörslösenord', 'Admin-Passwort'),
 ('main', 'Admin password:'): ('Administratörslösenord:', 'Admin-Passwort:'),
 ('Console::MainWindow', 'Failover drill'): ('Failover-övning', 'Failover-Übung'),
 ('Console::DrillPage', 'A failover drill makes the active node step down through its health check, waits until the peer holds the resource IP, and checks that every session is present on the new active node and alive on its agent. Users are moved to the other node: run it when that is acceptable.'):
  ('En failover-övning får den aktiva noden att kliva åt sidan via sin hälsokontroll, väntar tills den andra noden har resurs-IP:n och kontrollerar att varje session finns på den nya aktiva noden och lever på sin agent. Användarna flyttas till den andra noden: kör den när det går bra.',
   'Eine Failover-Übung lässt den aktiven Knoten über seine Zustandsprüfung zurücktreten, wartet, bis der andere Knoten die Ressourcen-IP hält, und prüft, dass jede Sitzung auf dem neuen aktiven Knoten vorhanden ist und auf ihrem Agenten läuft. Benutzer werden auf den anderen Knoten verschoben: führen Sie sie aus, wenn das vertretbar ist.'),
 ('Console::DrillPage', 'Move back to the original node afterwards'): ('Flytta tillbaka till den ursprungliga noden efteråt', 'Danach auf den ursprünglichen Knoten zurückverschieben'),
 ('Console::DrillPage', 'Start drill'): ('Starta övning', 'Übung starten'),
 ('Console::DrillPage', 'Time (ms)'): ('Tid (ms)', 'Zeit (ms)'),
 ('Console::DrillPage', 'Step'): ('Steg', 'Schritt'),
 ('Console::DrillPage', 'Result'): ('Resultat', 'Ergebnis'),
 ('Console::DrillPage', 'Details'): ('Detaljer', 'Details'),
 ('Console::DrillPage', 'No drill has run yet.'): ('Ingen övning har körts än.', 'Es wurde noch keine Übung ausgeführt.'),
 ('Console::DrillPage', 'Save report…'): ('Spara rapport…', 'Bericht speichern…'),
 ('Console::DrillPage', 'Active node'): ('Aktiv nod', 'Aktiver Knoten'),
 ('Console::DrillPage', 'Step down'): ('Kliv åt sidan', 'Zurücktreten'),
 ('Console::DrillPage', 'Resource released'): ('Resursen frisläppt', 'Ressource freigegeben'),
 ('Console::DrillPage', 'Peer took over'): ('Den andra noden tog över', 'Anderer Knoten hat übernommen'),
 ('Console::DrillPage', 'Peer is MASTER'): ('Den andra noden är MASTER', 'Anderer Knoten ist MASTER'),
 ('Console::DrillPage', 'Original is MASTER again'): ('Ursprunglig nod är MASTER igen', 'Ursprünglicher Knoten ist wieder MASTER'),
 ('Console::DrillPage', 'Sessions present'): ('Sessionerna finns', 'Sitzungen vorhanden'),
 ('Console::DrillPage', 'Sessions verified'): ('Sessionerna verifierade', 'Sitzungen überprüft'),
 ('Console::DrillPage', 'Original node fit again'): ('Ursprunglig nod redo igen', 'Ursprünglicher Knoten wieder bereit'),
 ('Console::DrillPage', 'Step down (move back)'): ('Kliv åt sidan (tillbaka)', 'Zurücktreten (zurück)'),
 ('Console::DrillPage', 'Resource released (move back)'): ('Resursen frisläppt (tillbaka)', 'Ressource freigegeben (zurück)'),
 ('Console::DrillPage', 'Moved back'): ('Flyttad tillbaka', 'Zurückverschoben'),
 ('Console::DrillPage', 'Sessions present (move back)'): ('Sessionerna finns (tillbaka)', 'Sitzungen vorhanden (zurück)'),
 ('Console::DrillPage', 'Sessions verified (move back)'): ('Sessionerna verifierade (tillbaka)', 'Sitzungen überprüft (zurück)'),
 ('Console::DrillPage', 'Step-down ended'): ('Avkliv avslutat', 'Zurücktreten beendet'),
 ('Console::DrillPage', 'Drill finished'): ('Övningen klar', 'Übung beendet'),
 ('Console::DrillPage', 'Connect to both nodes to run a drill.'): ('Anslut till båda noderna för att köra en övning.', 'Verbinden Sie sich mit beiden Knoten, um eine Übung auszuführen.'),
 ('Console::DrillPage', 'Failover drill'): ('Failover-övning', 'Failover-Übung'),
 ('Console::DrillPage', 'Move the resource IP to the other node now? Connected users reconnect to the new active node.'):
  ('Flytta resurs-IP:n till den andra noden nu? Anslutna användare återansluter till den nya aktiva noden.', 'Die Ressourcen-IP jetzt auf den anderen Knoten verschieben? Verbundene Benutzer verbinden sich mit dem neuen aktiven Knoten neu.'),
 ('Console::DrillPage', 'Drill passed in %1 ms.'): ('Övningen lyckades på %1 ms.', 'Übung in %1 ms bestanden.'),
 ('Console::DrillPage', 'Drill failed: %1'): ('Övningen misslyckades: %1', 'Übung fehlgeschlagen: %1'),
 ('Console::DrillPage', 'Drill running…'): ('Övningen körs…', 'Übung läuft…'),
 ('Console::DrillPage', 'ok'): ('ok', 'ok'),
 ('Console::DrillPage', 'failed'): ('misslyckades', 'fehlgeschlagen'),
 ('Console::DrillPage', 'no drill has run yet'): ('ingen övning har körts än', 'es wurde noch keine Übung ausgeführt'),
 ('Console::DrillPage', 'cannot write %1: %2'): ('kan inte skriva %1: %2', '%1 kann nicht geschrieben werden: %2'),
 ('Console::DrillPage', 'Save drill report'): ('Spara övningsrapport', 'Übungsbericht speichern'),
 ('Console::DrillPage', 'Text (*.txt);;JSON (*.json)'): ('Text (*.txt);;JSON (*.json)', 'Text (*.txt);;JSON (*.json)'),
 ('Client::AdminClient', 'no answer from %1 for %2 s'): ('inget svar från %1 på %2 s', 'keine Antwort von %1 seit %2 s'),
 ('Console::AgentsPage', 'agent %1: %2'): ('agent %1: %2', 'Agent %1: %2'),
 ('Console::AgentsPage', 'agent %1: its configuration cannot be read: %2'):
  ('agent %1: dess konfiguration kan inte läsas: %2', 'Agent %1: seine Konfiguration kann nicht gelesen werden: %2'),
 ('Console::ConfigPage', "Your edits are not applied yet; Reload shows the nodes' list."):
  ('Dina ändringar är inte verkställda än; Läs om visar nodernas lista.', 'Ihre Änderungen sind noch nicht angewendet; Neu laden zeigt die Liste der Knoten.'),
 ('Console::MainWindow', '%1: %2'): ('%1: %2', '%1: %2'),
 ('Console::MainWindow', ' and '): (' och ', ' und '),
 ('Console::MainWindow', '%1 refused the admin password. Enter it again:'):
  ('%1 vägrade adminlösenordet. Ange det igen:', '%1 hat das Admin-Passwort abgelehnt. Bitte erneut eingeben:'),
 ('Console::MainWindow', 'Login refused'): ('Inloggning vägrad', 'Anmeldung abgelehnt'),
 ('Console::NodeConnection', 'not connected'): ('inte ansluten', 'nicht verbunden'),
 ('Console::NodeConnection', 'bad address'): ('felaktig adress', 'ungültige Adresse'),
 ('Console::NodeConnection', 'connecting'): ('ansluter', 'verbindet'),
 ('Console::NodeConnection', 'unreachable since %1, reconnecting'): ('onåbar sedan %1, återansluter', 'nicht erreichbar seit %1, verbindet erneut'),
 ('Console::NodeConnection', 'unreachable since %1'): ('onåbar sedan %1', 'nicht erreichbar seit %1'),
 ('Console::NodeConnection', 'checking the certificate'): ('kontrollerar certifikatet', 'Zertifikat wird geprüft'),
 ('Console::NodeConnection', 'logging in'): ('loggar in', 'meldet an'),
 ('Console::NodeConnection', 'connected'): ('ansluten', 'verbunden'),
 ('Console::NodeConnection', 'login refused'): ('inloggning vägrad', 'Anmeldung abgelehnt'),
 ('Console::NodeConnection', 'certificate refused'): ('certifikatet vägrat', 'Zertifikat abgelehnt'),
 ('Console::OverviewPage', '%n s ago'): (['för %n sekund sedan', 'för %n sekunder sedan'], ['vor %n Sekunde', 'vor %n Sekunden']),
 ('Console::OverviewPage', '%n min ago'): (['för %n minut sedan', 'för %n minuter sedan'], ['vor %n Minute', 'vor %n Minuten']),
 ('Console::OverviewPage', '%n h ago'): (['för %n timme sedan', 'för %n timmar sedan'], ['vor %n Stunde', 'vor %n Stunden']),
 ('Console::OverviewPage', 'configuration differs: terminalservers (read back by the console)'):
  ('konfigurationen skiljer sig: terminalservers (återläst av konsolen)', 'Konfiguration unterscheidet sich: terminalservers (von der Konsole zurückgelesen)'),
 ('Console::OverviewPage', 'unreachable since %1'): ('onåbar sedan %1', 'nicht erreichbar seit %1'),
 ('Console::OverviewPage', 'reconnecting…'): ('återansluter…', 'verbindet erneut…'),
 ('Console::OverviewPage', 'reconnecting: next attempt in %n s'):
  (['återansluter: nästa försök om %n sekund', 'återansluter: nästa försök om %n sekunder'],
   ['verbindet erneut: nächster Versuch in %n Sekunde', 'verbindet erneut: nächster Versuch in %n Sekunden']),
 ('Console::OverviewPage', 'Last data at %1 (%2):'): ('Senaste data kl. %1 (%2):', 'Letzte Daten um %1 (%2):'),
 ('Console::OverviewPage', '%1: unreachable since %2'): ('%1: onåbar sedan %2', '%1: nicht erreichbar seit %2'),
 ('Console::OverviewPage', '%1: unreachable since %2: %3'): ('%1: onåbar sedan %2: %3', '%1: nicht erreichbar seit %2: %3'),
 ('Console::OverviewPage', 'not connected'): ('inte ansluten', 'nicht verbunden'),
 ('Console::OverviewPage', 'checking the certificate…'): ('kontrollerar certifikatet…', 'Zertifikat wird geprüft…'),
 ('Console::OverviewPage', 'Compare the fingerprint with the one the node logged at start before trusting it.'):
  ('Jämför fingeravtrycket med det som noden loggade vid start innan du litar på det.',
   'Vergleichen Sie den Fingerabdruck mit dem, den der Knoten beim Start protokolliert hat, bevor Sie ihm vertrauen.'),
 ('Console::OverviewPage', 'logging in…'): ('loggar in…', 'meldet an…'),
 ('Console::OverviewPage', 'login refused'): ('inloggning vägrad', 'Anmeldung abgelehnt'),
 ('Console::OverviewPage', 'Enter the password again, or use Cluster → Connect.'):
  ('Ange lösenordet igen, eller använd Kluster → Anslut.', 'Passwort erneut eingeben, oder Cluster → Verbinden verwenden.'),
 ('Console::OverviewPage', '%1: login refused: %2'): ('%1: inloggning vägrad: %2', '%1: Anmeldung abgelehnt: %2'),
 ('Console::OverviewPage', 'certificate refused'): ('certifikatet vägrat', 'Zertifikat abgelehnt'),
 ('Console::OverviewPage', 'terminalservers: the nodes DIFFER: %1'): ('terminalservers: noderna SKILJER SIG: %1', 'terminalservers: die Knoten UNTERSCHEIDEN sich: %1'),
 ('Console::SessionsPage', 'not shown: the sessions of %1 (not connected)'):
  ('visas inte: sessionerna på %1 (inte ansluten)', 'nicht angezeigt: die Sitzungen von %1 (nicht verbunden)'),
 ('Console::OverviewPage', 'nothing yet'): ('inget ännu', 'noch nichts'),
 ('Console::OverviewPage', 'role %1 (notify hook); no HA/resource_address to check which node holds the resource IP'):
  ('roll %1 (notify-hook); ingen HA/resource_address att kontrollera vilken nod som har resurs-IP:n med',
   'Rolle %1 (Notify-Hook); keine HA/resource_address, um zu prüfen, welcher Knoten die Ressourcen-IP hat'),
 ('Console::OverviewPage', 'holds %1, role %2 (notify hook)'): ('har %1, roll %2 (notify-hook)', 'hat %1, Rolle %2 (Notify-Hook)'),
 ('Console::OverviewPage', '%1 holds %2 but its notify hook did not say MASTER (it said: %3)'):
  ('%1 har %2 men dess notify-hook sade inte MASTER (den sade: %3)', '%1 hat %2, aber sein Notify-Hook meldete nicht MASTER (sondern: %3)'),
 ('Console::OverviewPage', 'does not hold %1, role %2 (notify hook)'): ('har inte %1, roll %2 (notify-hook)', 'hat %1 nicht, Rolle %2 (Notify-Hook)'),
 ('Console::OverviewPage', '%1: its notify hook said MASTER but %2 is not on any of its interfaces'):
  ('%1: dess notify-hook sade MASTER men %2 finns inte på något av dess gränssnitt', '%1: sein Notify-Hook meldete MASTER, aber %2 liegt auf keiner seiner Schnittstellen'),
 ('Console::OverviewPage', 'both nodes hold %1: the resource IP must be on one node only (is keepalived running on both, and can they see each other?)'):
  ('båda noderna har %1: resurs-IP:n får bara finnas på en nod (kör keepalived på båda, och ser de varandra?)',
   'beide Knoten haben %1: die Ressourcen-IP darf nur auf einem Knoten liegen (läuft keepalived auf beiden, und sehen sie sich?)'),
 ('Console::OverviewPage', 'neither node holds %1: clients cannot reach the broker (is keepalived running?)'):
  ('ingen nod har %1: klienter når inte brokern (kör keepalived?)', 'kein Knoten hat %1: Clients erreichen den Broker nicht (läuft keepalived?)'),
 ('Console::AgentsPage', 'load %1 on 1 CPU'): ('last %1 på 1 CPU', 'Last %1 auf 1 CPU'),
 ('Console::AgentsPage', 'load %1 on %2 CPUs'): ('last %1 på %2 CPU:er', 'Last %1 auf %2 CPUs'),
 ('Console::AgentsPage', 'allowed_clients: "%1" → "%2"'): ('allowed_clients: "%1" → "%2"', 'allowed_clients: "%1" → "%2"'),
 ('Console::AgentsPage', 'master_hostname: "%1" → "%2"'): ('master_hostname: "%1" → "%2"', 'master_hostname: "%1" → "%2"'),
 ('Console::AgentsPage', 'Change the configuration of agent %1?'): ('Ändra konfigurationen för agenten %1?', 'Die Konfiguration von Agent %1 ändern?'),
 ('Console::AgentsPage', 'The agent writes it to its configuration file and reloads it.'):
  ('Agenten skriver den till sin konfigurationsfil och läser om den.', 'Der Agent schreibt sie in seine Konfigurationsdatei und lädt sie neu.'),
 ('Console::AgentsPage', 'Fix agent %1'): ('Åtgärda agenten %1', 'Agent %1 beheben'),
 ('Console::AgentsPage', 'through %1: %2'): ('via %1: %2', 'über %1: %2'),
 ('Console::AgentsPage', 'Agent %1 changed (through %2).'): ('Agenten %1 ändrades (via %2).', 'Agent %1 wurde geändert (über %2).'),
 ('Console::ConfigPage', 'Listed twice: %1. Remove the duplicates first; nothing was changed.'):
  ('Listad två gånger: %1. Ta bort dubbletterna först; inget ändrades.', 'Doppelt aufgeführt: %1. Zuerst die Duplikate entfernen; nichts wurde geändert.'),
 ('Console::OverviewPage', 'stepping down (failover drill) until %1: its health check says "not fit"'):
  ('kliver åt sidan (failover-övning) till %1: dess hälsokontroll säger "not fit"', 'tritt zurück (Failover-Übung) bis %1: seine Zustandsprüfung meldet "not fit"'),
 ('Console::SessionModel', '%1 (active)'): ('%1 (aktiv)', '%1 (aktiv)'),
 ('Console::SessionsPage', 'User'): ('Användare', 'Benutzer'),
 ('Console::SessionsPage', '%1 (uid %2)'): ('%1 (uid %2)', '%1 (UID %2)'),
 ('Console::SessionsPage', 'Session ID'): ('Sessions-ID', 'Sitzungs-ID'),
 ('Console::SessionsPage', 'Agent'): ('Agent', 'Agent'),
 ('Console::SessionsPage', '%1 (clients reach it as %2)'): ('%1 (klienter når den som %2)', '%1 (Clients erreichen ihn als %2)'),
 ('Console::SessionsPage', 'Display'): ('Display', 'Display'),
 ('Console::SessionsPage', ':%1 (VNC port %2)'): (':%1 (VNC-port %2)', ':%1 (VNC-Port %2)'),
 ('Console::SessionsPage', 'Geometry'): ('Geometri', 'Geometrie'),
 ('Console::SessionsPage', '(default)'): ('(standard)', '(Standard)'),
 ('Console::SessionsPage', 'Command'): ('Kommando', 'Befehl'),
 ('Console::SessionsPage', 'State'): ('Tillstånd', 'Zustand'),
 ('Console::SessionsPage', 'running'): ('kör', 'läuft'),
 ('Console::SessionsPage', 'disconnected'): ('frånkopplad', 'getrennt'),
 ('Console::SessionsPage', 'Created'): ('Skapad', 'Erstellt'),
 ('Console::SessionsPage', 'Last connection'): ('Senaste anslutning', 'Letzte Verbindung'),
 ('Console::SessionsPage', 'never'): ('aldrig', 'nie'),
 ('Console::SessionsPage', 'Last client'): ('Senaste klient', 'Letzter Client'),
 ('Console::SessionsPage', 'none'): ('ingen', 'keiner'),
 ('Console::SessionsPage', 'Record held by'): ('Posten finns på', 'Datensatz liegt auf'),
 ('Console::SessionsPage', 'Record changed'): ('Posten ändrad', 'Datensatz geändert'),
 ('Console::SessionsPage', 'State changes'): ('Tillståndsändringar', 'Zustandsänderungen'),
 ('Console::SessionsPage', 'none seen since the console connected (the record keeps no history)'):
  ('inga sedda sedan konsolen anslöt (posten sparar ingen historik)', 'keine gesehen, seit die Konsole verbunden ist (der Datensatz führt keinen Verlauf)'),
 ('Console::SessionsPage', 'Session details'): ('Sessionsdetaljer', 'Sitzungsdetails'),
 ('Console::SessionsPage', 'Select a session to see its details.'): ('Välj en session för att se dess detaljer.', 'Eine Sitzung auswählen, um ihre Details zu sehen.'),
 ('Console::SessionsPage', '%1: display :%2 on %3 (session %4)'): ('%1: display :%2 på %3 (session %4)', '%1: Display :%2 auf %3 (Sitzung %4)'),
 ('Console::SessionsPage', '… and %n more'): (['… och %n till', '… och %n till'], ['… und %n weitere', '… und %n weitere']),
 ('Console::SessionsPage', 'Not terminated: no node that holds them is connected: %1'):
  ('Inte avslutade: ingen nod som har dem är ansluten: %1', 'Nicht beendet: kein Knoten, der sie hat, ist verbunden: %1'),
 ('Console::MainWindow', 'Events'): ('Händelser', 'Ereignisse'),
 ('Console::EventsPage', 'All kinds'): ('Alla slag', 'Alle Arten'),
 ('Console::EventsPage', 'All nodes'): ('Alla noder', 'Alle Knoten'),
 ('Console::EventsPage', 'Time'): ('Tid', 'Zeit'),
 ('Console::EventsPage', 'Node'): ('Nod', 'Knoten'),
 ('Console::EventsPage', 'Kind'): ('Slag', 'Art'),
 ('Console::EventsPage', 'Event'): ('Händelse', 'Ereignis'),
 ('Console::EventsPage', 'Node:'): ('Nod:', 'Knoten:'),
 ('Console::EventsPage', 'Kind:'): ('Slag:', 'Art:'),
 ('Console::EventsPage', 'Role'): ('Roll', 'Rolle'),
 ('Console::EventsPage', 'Health'): ('Hälsa', 'Zustand'),
 ('Console::EventsPage', 'Resync'): ('Omsynkronisering', 'Neusynchronisierung'),
 ('Console::EventsPage', 'Refused connection'): ('Vägrad anslutning', 'Abgelehnte Verbindung'),
 ('Console::EventsPage', 'Agent'): ('Agent', 'Agent'),
 ('Console::EventsPage', 'Session'): ('Session', 'Sitzung'),
 ('Console::EventsPage', 'Configuration'): ('Konfiguration', 'Konfiguration'),
 ('Console::EventsPage', '%n event(s)'): (['%n händelse', '%n händelser'], ['%n Ereignis', '%n Ereignisse']),
 ('Console::ConfigPage', 'Looking the names up…'): ('Slår upp namnen…', 'Namen werden nachgeschlagen…'),
 ('Console::ConfigPage', '%1 (no answer within %2 s)'): ('%1 (inget svar inom %2 s)', '%1 (keine Antwort innerhalb von %2 s)'),
 ('Console::ConfigPage', '%1 (%2)'): ('%1 (%2)', '%1 (%2)'),
 ('Console::ConfigPage', 'does not resolve'): ('kan inte slås upp', 'lässt sich nicht auflösen'),
 ('Console::ConfigPage', 'The list changed while it was checked; press Apply again.'):
  ('Listan ändrades medan den kontrollerades; tryck på Verkställ igen.', 'Die Liste wurde während der Prüfung geändert; bitte erneut anwenden.'),
 ('Console::ConfigPage', 'Terminal servers'): ('Terminalservrar', 'Terminalserver'),
 ('Console::ConfigPage', 'These entries do not resolve from this computer:\n%1\n\nThe nodes may resolve them differently, but a name they cannot resolve is an agent no session can start on. Write the list anyway?'):
  ('De här posterna kan inte slås upp från den här datorn:\n%1\n\nNoderna kan slå upp dem annorlunda, men ett namn de inte kan slå upp är en agent där ingen session kan startas. Skriva listan ändå?',
   'Diese Einträge lassen sich von diesem Computer aus nicht auflösen:\n%1\n\nDie Knoten lösen sie vielleicht anders auf, aber ein Name, den sie nicht auflösen können, ist ein Agent, auf dem keine Sitzung starten kann. Die Liste trotzdem schreiben?'),
 ('Console::ConfigPage', 'Nothing was written. Not resolving: %1'): ('Ingenting skrevs. Kan inte slås upp: %1', 'Nichts wurde geschrieben. Nicht auflösbar: %1'),
 ('Console::ConfigPage', 'Not applied everywhere: %1'): ('Inte verkställd överallt: %1', 'Nicht überall angewendet: %1'),
 ('Console::ConfigPage', 'Written although they do not resolve from this computer: %1'):
  ('Skrivna trots att de inte kan slås upp från den här datorn: %1', 'Geschrieben, obwohl sie sich von diesem Computer aus nicht auflösen lassen: %1'),
 ('Console::ConnectDialog', 'The password was not read from the keychain: %1. Enter it here.'):
  ('Lösenordet lästes inte från nyckelringen: %1. Skriv in det här.', 'Das Passwort wurde nicht aus dem Schlüsselbund gelesen: %1. Bitte hier eingeben.'),
 ('Widgets::KeychainStore', 'the keychain was not unlocked (the prompt was cancelled)'):
  ('nyckelringen låstes inte upp (frågan avbröts)', 'der Schlüsselbund wurde nicht entsperrt (die Abfrage wurde abgebrochen)'),
 ('Widgets::KeychainStore', 'the keychain did not answer'): ('nyckelringen svarade inte', 'der Schlüsselbund hat nicht geantwortet'),
 ('Console::ServerReason', "The node refuses %1 while HA is on: a loopback address names a different agent on each node. Use the agent's unique host name."):
  ('Noden vägrar %1 när HA är på: en loopback-adress pekar på en annan agent på varje nod. Använd agentens unika värdnamn.',
   'Der Knoten lehnt %1 ab, solange HA aktiv ist: eine Loopback-Adresse bezeichnet auf jedem Knoten einen anderen Agenten. Verwenden Sie den eindeutigen Hostnamen des Agenten.'),
 ('Console::ServerReason', '%1 is listed twice (as %2); remove one.'): ('%1 finns två gånger i listan (som %2); ta bort en.', '%1 steht doppelt in der Liste (als %2); entfernen Sie einen Eintrag.'),
 ('Console::ServerReason', 'Wrong admin password.'): ('Fel administratörslösenord.', 'Falsches Administratorpasswort.'),
 ('Console::ServerReason', 'Agent %1 does not answer this node.'): ('Agenten %1 svarar inte den här noden.', 'Agent %1 antwortet diesem Knoten nicht.'),
 ('Console::ServerReason', 'Agent %1 does not allow this node: it is not in its allowed_clients, or the node could not prove it is root.'):
  ('Agenten %1 tillåter inte den här noden: den finns inte i dess allowed_clients, eller så kunde noden inte visa att den är root.',
   'Agent %1 lässt diesen Knoten nicht zu: er steht nicht in seinen allowed_clients, oder der Knoten konnte nicht nachweisen, dass er root ist.'),
 # The setup wizard (gui/wizard, tl-ha-setup-gui). The findings themselves are the library's
 # English, as tl-ha-setup prints and saves them.
 ('Wizard::NodesPage', 'Nodes and resource name'): ('Noder och resursnamn', 'Knoten und Ressourcenname'),
 ('Wizard::NodesPage', 'The two servers that are to become an HA pair, the primary first.'):
  ('De två servrarna som ska bli ett HA-par, den primära först.', 'Die beiden Server, die ein HA-Paar werden sollen, der primäre zuerst.'),
 ('Wizard::NodesPage', "<b>Nothing is changed on any node unless you confirm it.</b> The setup wizard checks as tl-ha-setup does: each node tells over its admin API how it resolves the names, which HA/nodes entry it would take as itself, its sshd host keys, its agents and the configuration both nodes must share. Every finding names the exact fix; where the wizard can make it itself (host keys, configuration copy, agents, enabling HA), Apply… on the step's page lists every change and asks first."):
  ("<b>Ingenting ändras på någon nod utan att du bekräftar det.</b> Installationsguiden kontrollerar som tl-ha-setup gör: varje nod berättar via sitt admin-API hur den slår upp namnen, vilken post i HA/nodes den skulle ta som sig själv, sina värdnycklar för sshd, sina agenter och den konfiguration som båda noderna måste dela. Varje fynd anger den exakta åtgärden; där guiden kan göra den själv (värdnycklar, kopiering av konfigurationen, agenter, aktivering av HA) listar Verkställ… på stegets sida varje ändring och frågar först.",
   "<b>Auf keinem Knoten wird etwas geändert, ohne dass Sie es bestätigen.</b> Der Einrichtungsassistent prüft wie tl-ha-setup: Jeder Knoten meldet über seine Admin-API, wie er die Namen auflöst, welchen Eintrag von HA/nodes er als sich selbst nehmen würde, seine sshd-Hostschlüssel, seine Agenten und die Konfiguration, die beide Knoten teilen müssen. Jeder Befund nennt die genaue Abhilfe; wo der Assistent sie selbst vornehmen kann (Hostschlüssel, Kopie der Konfiguration, Agenten, Aktivieren von HA), listet Anwenden… auf der Seite des Schritts jede Änderung auf und fragt zuerst."),
 ('Wizard::NodesPage', 'Connect'): ('Anslut', 'Verbinden'),
 ('Wizard::NodesPage', 'host or host:port (admin port 9002)'): ('värd eller värd:port (adminport 9002)', 'Host oder Host:Port (Admin-Port 9002)'),
 ('Wizard::NodesPage', 'the other node'): ('den andra noden', 'der andere Knoten'),
 ('Wizard::NodesPage', "default: the two nodes' host names"): ('standard: de två nodernas värdnamn', 'Standard: die Hostnamen der beiden Knoten'),
 ('Wizard::NodesPage', 'Keep the password in the desktop keychain'): ('Spara lösenordet i skrivbordets nyckelring', 'Das Passwort im Schlüsselbund des Desktops speichern'),
 ('Wizard::NodesPage', 'Primary:'): ('Primär:', 'Primär:'),
 ('Wizard::NodesPage', 'Secondary:'): ('Sekundär:', 'Sekundär:'),
 ('Wizard::NodesPage', 'Resource name:'): ('Resursnamn:', 'Ressourcenname:'),
 ('Wizard::NodesPage', 'HA/nodes:'): ('HA/nodes:', 'HA/nodes:'),
 ('Wizard::NodesPage', 'Admin password:'): ('Adminlösenord:', 'Admin-Passwort:'),
 ('Wizard::NodesPage', 'The password was not stored in the keychain: %1'): ('Lösenordet sparades inte i nyckelringen: %1', 'Das Passwort wurde nicht im Schlüsselbund gespeichert: %1'),
 ('Wizard::NodesPage', 'Give both nodes, the primary first.'): ('Ange båda noderna, den primära först.', 'Beide Knoten angeben, den primären zuerst.'),
 ('Wizard::NodesPage', '%1: %2'): ('%1: %2', '%1: %2'),
 ('Wizard::NodesPage', "The two nodes are the same host '%1': give each node by its own name."):
  ("De två noderna är samma värd '%1': ange varje nod med dess eget namn.", "Die beiden Knoten sind derselbe Host '%1': jeden Knoten mit seinem eigenen Namen angeben."),
 ('Wizard::NodesPage', "Resource name: give one host name (got '%1')."): ("Resursnamn: ange ett värdnamn (fick '%1').", "Ressourcenname: einen Hostnamen angeben (erhalten: '%1')."),
 ('Wizard::NodesPage', "HA/nodes: give exactly two names, as /vsmserver/HA/nodes has (got '%1')."):
  ("HA/nodes: ange exakt två namn, som /vsmserver/HA/nodes har (fick '%1').", "HA/nodes: genau zwei Namen angeben, wie /vsmserver/HA/nodes sie hat (erhalten: '%1')."),
 ('Wizard::NodesPage', 'Too many names to check.'): ('För många namn att kontrollera.', 'Zu viele Namen zu prüfen.'),
 ('Wizard::NodesPage', 'Not connected.'): ('Inte ansluten.', 'Nicht verbunden.'),
 ('Wizard::NodesPage', "The wizard checks the console's two nodes: connect the console to both (Cluster → Connect…) and wait until both are connected."):
  ('Guiden kontrollerar konsolens två noder: anslut konsolen till båda (Kluster → Anslut…) och vänta tills båda är anslutna.', 'Der Assistent prüft die beiden Knoten der Konsole: die Konsole mit beiden verbinden (Cluster → Verbinden…) und warten, bis beide verbunden sind.'),
 ('Wizard::ReportPage', 'Report'): ('Rapport', 'Bericht'),
 ('Wizard::ReportPage', 'Every step, as tl-ha-setup reports it. Step 6 is not checked yet; step 9 is the failover drill, once nothing needs fixing.'):
  ('Varje steg, som tl-ha-setup rapporterar det. Steg 6 kontrolleras inte än; steg 9 är failover-övningen, när inget behöver åtgärdas.', 'Jeder Schritt, wie tl-ha-setup ihn meldet. Schritt 6 wird noch nicht geprüft; Schritt 9 ist die Failover-Übung, sobald nichts mehr zu beheben ist.'),
 ('Wizard::ReportPage', 'Run the failover drill…'): ('Kör failover-övningen…', 'Failover-Übung ausführen…'),
 ('Wizard::ReportPage', 'The failover drill runs: the primary steps down, the secondary takes over, then the same back…'):
  ('Failover-övningen pågår: den primära träder tillbaka, den sekundära tar över, sedan samma sak tillbaka…', 'Die Failover-Übung läuft: Der primäre Knoten tritt zurück, der sekundäre übernimmt, dann dasselbe zurück…'),
 ('Wizard::ReportPage', 'Run the failover drill?'): ('Köra failover-övningen?', 'Die Failover-Übung ausführen?'),
 ('Wizard::ReportPage', 'The primary steps down: the secondary must take the resource IP and every session, then the same back. Sessions stay up; new logins wait a few seconds while the resource IP moves.'):
  ('Den primära träder tillbaka: den sekundära måste ta över resurs-IP-adressen och varje session, sedan samma sak tillbaka. Sessionerna fortsätter; nya inloggningar väntar några sekunder medan resurs-IP-adressen flyttas.', 'Der primäre Knoten tritt zurück: Der sekundäre muss die Ressourcen-IP und jede Sitzung übernehmen, dann dasselbe zurück. Die Sitzungen bleiben bestehen; neue Anmeldungen warten einige Sekunden, während die Ressourcen-IP umzieht.'),
 ('Wizard::ReportPage', 'Save report…'): ('Spara rapport…', 'Bericht speichern…'),
 ('Wizard::ReportPage', 'Check again'): ('Kontrollera igen', 'Erneut prüfen'),
 ('Wizard::ReportPage', 'Asking both nodes…'): ('Frågar båda noderna…', 'Beide Knoten werden gefragt…'),
 ('Wizard::ReportPage', 'The nodes could not be asked:'): ('Noderna kunde inte tillfrågas:', 'Die Knoten konnten nicht gefragt werden:'),
 ('Wizard::ReportPage', 'All fine: the pair is ready for the steps not checked yet.'): ('Allt bra: paret är redo för de steg som inte kontrolleras än.', 'Alles in Ordnung: Das Paar ist bereit für die Schritte, die noch nicht geprüft werden.'),
 ('Wizard::ReportPage', 'Something needs fixing: see the errors below.'): ('Något behöver åtgärdas: se felen nedan.', 'Etwas muss behoben werden: siehe die Fehler unten.'),
 ('Wizard::ReportPage', 'Save report'): ('Spara rapport', 'Bericht speichern'),
 ('Wizard::ReportPage', 'Report (FILE.txt and FILE.json) (*.txt *.json);;All files (*)'): ('Rapport (FIL.txt och FIL.json) (*.txt *.json);;Alla filer (*)', 'Bericht (DATEI.txt und DATEI.json) (*.txt *.json);;Alle Dateien (*)'),
 ('Wizard::ReportPage', 'The report was not saved: %1'): ('Rapporten sparades inte: %1', 'Der Bericht wurde nicht gespeichert: %1'),
 ('Wizard::ReportPage', 'Saved to %1'): ('Sparad i %1', 'Gespeichert in %1'),
 ('Wizard::ReportPage', ' and '): (' och ', ' und '),
 ('Wizard::ReportPage', 'there is no report yet'): ('det finns ingen rapport än', 'es gibt noch keinen Bericht'),
 ('Wizard::ReportPage', 'give a file name'): ('ange ett filnamn', 'einen Dateinamen angeben'),
 ('Wizard::ReportPage', 'cannot write %1: %2'): ('kan inte skriva %1: %2', '%1 kann nicht geschrieben werden: %2'),
 ('Wizard::SetupRun', '%1: %2'): ('%1: %2', '%1: %2'),
 ('Wizard::SetupRun', 'the second node is missing'): ('den andra noden saknas', 'der zweite Knoten fehlt'),
 ('Wizard::SetupWizard', 'OpenVSM HA setup wizard'): ('OpenVSM installationsguide för HA', 'OpenVSM HA-Einrichtungsassistent'),
 ('Wizard::SetupWizard', 'cannot reach the %1 page'): ('kan inte nå sidan %1', 'die Seite %1 ist nicht erreichbar'),
 ('Wizard::SetupWizard', 'cannot write %1'): ('kan inte skriva %1', '%1 kann nicht geschrieben werden'),
 ('Wizard::SetupWizard', 'Setup &wizard…'): ('&Installationsguide…', '&Einrichtungsassistent…'),
 ('Wizard::StepPage', 'Step %1: %2'): ('Steg %1: %2', 'Schritt %1: %2'),
 ('Wizard::StepPage', 'Check again'): ('Kontrollera igen', 'Erneut prüfen'),
 ('Wizard::StepPage', 'Apply…'): ('Verkställ…', 'Anwenden…'),
 ('Wizard::StepPage', 'asking the nodes… %v of %m answered'): ('frågar noderna… %v av %m har svarat', 'Knoten werden gefragt… %v von %m haben geantwortet'),
 ('Wizard::StepPage', 'Apply the changes?'): ('Verkställa ändringarna?', 'Die Änderungen anwenden?'),
 ('Wizard::StepPage', "These changes will be made through the nodes' admin API:\n\n%1"):
  ('Dessa ändringar görs via nodernas admin-API:\n\n%1', 'Diese Änderungen werden über die Admin-API der Knoten vorgenommen:\n\n%1'),
 ('Wizard::StepPage', 'Asking both nodes and resolving the names on this machine…'): ('Frågar båda noderna och slår upp namnen på den här datorn…', 'Beide Knoten werden gefragt und die Namen auf diesem Rechner aufgelöst…'),
 ('Wizard::StepPage', 'The nodes could not be asked:'): ('Noderna kunde inte tillfrågas:', 'Die Knoten konnten nicht gefragt werden:'),
 ('Wizard::StepPage', 'Not checked yet.'): ('Inte kontrollerat än.', 'Noch nicht geprüft.'),
 ('Wizard::StepPage', 'This step was not checked.'): ('Det här steget kontrollerades inte.', 'Dieser Schritt wurde nicht geprüft.'),
 ('Wizard::StepPage', 'Applying failed: %1'): ('Verkställandet misslyckades: %1', 'Anwenden fehlgeschlagen: %1'),
 ('Wizard::StepPage', '%n error(s) to fix before HA can be enabled.'):
  (['%n fel att åtgärda innan HA kan aktiveras.', '%n fel att åtgärda innan HA kan aktiveras.'], ['%n Fehler zu beheben, bevor HA aktiviert werden kann.', '%n Fehler zu beheben, bevor HA aktiviert werden kann.']),
 ('Wizard::StepPage', 'No errors; %n warning(s).'): (['Inga fel; %n varning.', 'Inga fel; %n varningar.'], ['Keine Fehler; %n Warnung.', 'Keine Fehler; %n Warnungen.']),
 ('Wizard::StepPage', 'All fine.'): ('Allt bra.', 'Alles in Ordnung.'),
}

missing = 0
for lang, col in (('sv', 0), ('de', 1)):
    path = os.path.join(HERE, '..', 'openvsm_%s.ts' % lang)
    tree = ET.parse(path)
    root = tree.getroot()
    root.set('language', {'sv': 'sv_SE', 'de': 'de_DE'}[lang])
    for ctx in root.findall('context'):
        name = ctx.find('name').text
        for m in ctx.findall('message'):
            src = m.find('source').text
            tr = m.find('translation')
            if tr.get('type') in ('vanished', 'obsolete'):  # no longer in the sources
                ctx.remove(m)
                continue
            entry = T.get((name, src))
            if entry is None:
                print('missing %s: %s / %r' % (lang, name, src), file=sys.stderr)
                missing += 1
                continue
            value = entry[col]
            for child in list(tr):
                tr.remove(child)
            tr.text = None
            if 'type' in tr.attrib:
                del tr.attrib['type']
            if m.get('numerus') == 'yes':
                forms = value if isinstance(value, list) else [value, value]
                for f in forms:
                    e = ET.SubElement(tr, 'numerusform')
                    e.text = f
            else:
                tr.text = value
    for ctx in root.findall('context'):  # a class renamed or gone leaves its context empty
        if ctx.find('message') is None:
            root.remove(ctx)
    with open(path, 'wb') as f:
        f.write(b'<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n')
        tree.write(f, encoding='utf-8', xml_declaration=False)
        f.write(b'\n')
sys.exit(1 if missing else 0)
