import { setupServer } from "msw/node";

/** Tests add the handlers they need with server.use(...); nothing outside is reachable by default. */
export const server = setupServer();
