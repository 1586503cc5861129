import express, { Router, type Response } from 'express';

import { SALESFORCE_ORG, SALESFORCE_USER } from '../constants';
import { baseUrl } from '../http';
import type { SalesforceState } from '../state';

const ENVELOPE_OPEN =
  '<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"';

/** The text of the first `<name>` element of a SOAP body, XML entities decoded. */
function elementText(xml: string, name: string): string | undefined {
  const match = new RegExp(`<(?:\\w+:)?${name}(?:\\s[^>]*)?>([^<]*)</(?:\\w+:)?${name}>`).exec(xml);
  if (!match) return undefined;

  return match[1]
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}

function escapeXml(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

/** A SOAP fault as the partner API answers it: HTTP 500, `sf:<code>` and `<code>: <message>`. */
function sendFault(res: Response, code: string, message: string, faultType = 'LoginFault'): void {
  res
    .status(500)
    .type('text/xml; charset=utf-8')
    .send(
      `${ENVELOPE_OPEN} xmlns:sf="urn:fault.partner.soap.sforce.com" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><soapenv:Body><soapenv:Fault>` +
        `<faultcode>sf:${code}</faultcode><faultstring>${escapeXml(`${code}: ${message}`)}</faultstring>` +
        `<detail><sf:${faultType} xsi:type="sf:${faultType}"><sf:exceptionCode>${code}</sf:exceptionCode>` +
        `<sf:exceptionMessage>${escapeXml(message)}</sf:exceptionMessage></sf:${faultType}></detail>` +
        '</soapenv:Fault></soapenv:Body></soapenv:Envelope>',
    );
}

/**
 * `POST /services/Soap/u/<version>`: the partner API's `login()` call, the legacy way in with a
 * username and the password followed by the security token (no connected app). A session it
 * issues works on the REST API like any other; a wrong password, username or missing token
 * answers `INVALID_LOGIN`, as Salesforce does (it never says which one was wrong).
 */
export function soapRoutes(state: SalesforceState): Router {
  const router = Router();
  // https://developer.salesforce.com/docs/atlas.en-us.api.meta/api/sforce_api_calls_login.htm
  router.post(
    '/services/Soap/u/:version',
    express.text({ type: ['text/xml', 'application/soap+xml'], limit: '1mb' }),
    (req, res) => {
      const body = typeof req.body === 'string' ? req.body : '';
      const version = req.params.version;
      if (!/^\d+\.\d$/.test(version)) {
        return sendFault(
          res,
          'UNSUPPORTED_API_VERSION',
          `Invalid Api version specified on URL`,
          'UnexpectedErrorFault',
        );
      }
      if (!/<(?:\w+:)?login[\s>]/.test(body)) {
        return sendFault(res, 'INVALID_OPERATION', 'Invalid operation', 'UnexpectedErrorFault');
      }
      const username = elementText(body, 'username');
      const password = elementText(body, 'password');
      const expected = state.userPassword + SALESFORCE_USER.securityToken;
      if (username !== SALESFORCE_USER.username || password !== expected) {
        return sendFault(
          res,
          'INVALID_LOGIN',
          'Invalid username, password, security token; or user locked out.',
        );
      }

      const base = baseUrl(req);
      const session = state.tokens.issueAccessToken();
      const ttlSeconds = Math.floor((session.expiresAt - session.issuedAt) / 1000);
      res
        .status(200)
        .type('text/xml; charset=utf-8')
        .send(
          `${ENVELOPE_OPEN} xmlns="urn:partner.soap.sforce.com" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><soapenv:Body><loginResponse><result>` +
            `<metadataServerUrl>${base}/services/Soap/m/${version}/${SALESFORCE_ORG.id}</metadataServerUrl>` +
            '<passwordExpired>false</passwordExpired><sandbox>false</sandbox>' +
            `<serverUrl>${base}/services/Soap/u/${version}/${SALESFORCE_ORG.id}</serverUrl>` +
            `<sessionId>${escapeXml(session.token)}</sessionId><userId>${SALESFORCE_USER.id}</userId>` +
            '<userInfo><accessibilityMode>false</accessibilityMode><currencySymbol>$</currencySymbol>' +
            `<orgDefaultCurrencyIsoCode>USD</orgDefaultCurrencyIsoCode><organizationId>${SALESFORCE_ORG.id}</organizationId>` +
            `<organizationMultiCurrency>false</organizationMultiCurrency><organizationName>${escapeXml(SALESFORCE_ORG.name)}</organizationName>` +
            `<sessionSecondsValid>${ttlSeconds}</sessionSecondsValid><userEmail>${SALESFORCE_USER.email}</userEmail>` +
            `<userFullName>${escapeXml(SALESFORCE_USER.displayName)}</userFullName><userId>${SALESFORCE_USER.id}</userId>` +
            `<userName>${SALESFORCE_USER.username}</userName><userType>Standard</userType></userInfo>` +
            '</result></loginResponse></soapenv:Body></soapenv:Envelope>',
        );
    },
  );

  return router;
}
