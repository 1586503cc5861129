import { Connection } from './connection.entity';
import { ConnectionDto } from './connections.dto';

describe('ConnectionDto', () => {
  describe('from', () => {
    it('leaves out the settings named secret, and shows the others', () => {
      const connection = Object.assign(new Connection(), {
        integration: 'webhook',
        category: 'webhook',
        settings: { endpointUrl: 'https://receiver.example/leads', signingKey: 's3cr3t' },
      });

      const shown = ConnectionDto.from(connection, ['signingKey']);

      expect(shown.settings).toEqual({ endpointUrl: 'https://receiver.example/leads' });
      expect(JSON.stringify(shown)).not.toContain('s3cr3t');
      expect(ConnectionDto.from(connection).settings).toEqual(connection.settings);
    });
  });
});
